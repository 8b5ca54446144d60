import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeLead } from '../engine/lead-analysis';
import { draftPrompt } from './draft-prompt';

/**
 * Five sets written blind by helpers who had not read the masking code (apps/recommender/test-data/prompt-names):
 * summaries naming third parties by a given name alone (the third also by full names, from every continent; the fourth
 * and fifth typed in lower case or capitals, with hard names: apostrophes, surname first, no cue), and decoys
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

/** Each set's size and floors: names masked at least, decoys changed at most. */
const FLOORS = [
  { set: 'blind-1', names: 61, decoys: 25, masked: 58, changed: 6 },
  { set: 'blind-2', names: 81, decoys: 35, masked: 77, changed: 14 },
  { set: 'blind-3', names: 142, decoys: 80, masked: 133, changed: 23 },
  // notes typed in lower case or in capitals; blind-5's texts were never read
  { set: 'blind-4', names: 102, decoys: 55, masked: 87, changed: 9 },
  { set: 'blind-5', names: 102, decoys: 55, masked: 81, changed: 9 },
];

describe('names on their way to the LLM (blind sets)', () => {
  it.each(FLOORS)('$set: masks at least $masked of its $names names and changes at most $changed of its $decoys decoys', (floor) => {
    const figures = measure(floor.set);
    expect({ names: figures.names, decoys: figures.decoys }).toEqual({ names: floor.names, decoys: floor.decoys });
    expect(figures.masked).toBeGreaterThanOrEqual(floor.masked);
    expect(figures.decoysChanged).toBeLessThanOrEqual(floor.changed);
  });
});
