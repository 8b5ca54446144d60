import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeLead } from '../engine/lead-analysis';
import { draftPrompt } from './draft-prompt';

/**
 * Three sets written blind by helpers who had not read the masking code (apps/recommender/test-data/prompt-names):
 * summaries naming third parties by a given name alone (the third also by full names, from every continent), and decoys
 * with none where a given name is a place, a brand, a verb, a public figure or the lead's own. The floors are what the masking measured on them (docs/PROOF.md), so a change that lets
 * more names through to the LLM, or masks more of the decoys, fails here.
 */
interface LabelledSummary {
  first_name: string;
  text: string;
  names: string[];
}

function measure(set: string) {
  const lines = readFileSync(join(__dirname, '../../test-data/prompt-names', `${set}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean);
  let names = 0;
  let masked = 0;
  let decoys = 0;
  let decoysChanged = 0;
  for (const { first_name, text, names: expected } of lines.map((line) => JSON.parse(line) as LabelledSummary)) {
    const analysis = analyzeLead(
      { lead_id: 'LD-1', first_name, owner_rep_id: 'rep-1', consent: { sms: true, email: true, phone_call: true } },
      { last_engagement_date: '2026-04-20', engagement_history: [{ type: 'sms', outcome: 'replied' }], recent_activity_summary: text },
      new Date('2026-04-21T00:00:00Z'),
    );
    const sent: string = JSON.parse(draftPrompt(analysis).messages[1].content).recent_activity_summary;
    if (expected.length === 0) {
      decoys += 1;
      if (sent !== text) decoysChanged += 1;
    }
    for (const name of expected) {
      names += 1;
      // masked only when no part of it is left (`<PERSON_1>-yeon` leaks Seo-yeon)
      const parts = name.split(/[-\s]+/u).filter((part) => part.length >= 2);
      if (!parts.some((part) => new RegExp(`(?<![\\p{L}])${part}(?![\\p{L}])`, 'iu').test(sent))) masked += 1;
    }
  }
  return { names, masked, decoys, decoysChanged };
}

describe('given names said alone, on their way to the LLM (blind sets)', () => {
  it('blind-1: masks at least 57 of its 61 names and changes at most 6 of its 25 decoys', () => {
    const figures = measure('blind-1');
    expect({ names: figures.names, decoys: figures.decoys }).toEqual({ names: 61, decoys: 25 });
    expect(figures.masked).toBeGreaterThanOrEqual(57);
    expect(figures.decoysChanged).toBeLessThanOrEqual(6);
  });

  it('blind-2: masks at least 77 of its 81 names and changes at most 14 of its 35 decoys', () => {
    const figures = measure('blind-2');
    expect({ names: figures.names, decoys: figures.decoys }).toEqual({ names: 81, decoys: 35 });
    expect(figures.masked).toBeGreaterThanOrEqual(77);
    expect(figures.decoysChanged).toBeLessThanOrEqual(14);
  });

  it('blind-3: masks at least 122 of its 142 names and changes at most 23 of its 80 decoys', () => {
    const figures = measure('blind-3');
    expect({ names: figures.names, decoys: figures.decoys }).toEqual({ names: 142, decoys: 80 });
    expect(figures.masked).toBeGreaterThanOrEqual(122);
    expect(figures.decoysChanged).toBeLessThanOrEqual(23);
  });
});
