import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES } from './domain';
import { TOPIC_CATALOG } from './topics';

/** README's topic catalog and the code's (from which the broker's ACLs are made) say the same. */
describe('the topic catalog', () => {
  const rows = new Map(
    readFileSync(join(__dirname, '../../../README.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| `followup.'))
      .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /, '')))
      .map(([topic, producers, consumers]) => [topic.replace(/`/g, ''), { producers, consumers }]),
  );

  it.each(TOPIC_CATALOG.map((topic) => [topic.name, topic] as const))('%s: producers and consumers as README lists them', (name, topic) => {
    expect(rows.get(name)).toEqual({
      producers:
        topic.producers.length === SERVICE_NAMES.length
          ? 'any service'
          : [topic.alsoWrittenBy, ...topic.producers].filter(Boolean).join(', '),
      consumers: [topic.alsoReadBy, ...topic.consumers, ...(topic.viewedBy ?? []).map((service) => `${service} (view)`)]
        .filter(Boolean)
        .join(', '),
    });
  });

  it('has a README row for every topic and no other', () => {
    expect(rows.size).toBe(TOPIC_CATALOG.length);
  });
});
