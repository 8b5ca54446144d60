import { DraftTextRecord } from '../audit-trail/draft-text.repository';
import { ErasedLeads } from '@followup/messaging';
import { textsToStore } from './erased-leads';

const STORED_AT = '2026-04-20T10:00:05.000Z';

function text(event_id: string, kind: string, tenant: string, lead_id?: string): DraftTextRecord {
  return { tenant, event_id, kind, recommendation_id: 'REC-1', lead_id, text: `text of ${event_id}`, stored_at: STORED_AT };
}

describe('textsToStore', () => {
  it('stores a tombstone for each text of an erased lead of the same tenant, and every other text as it is', () => {
    const erased = ErasedLeads.of([{ tenant: 'acme', lead_id: 'LD-9' }]);
    const texts = [
      text('e1', 'generated', 'acme', 'LD-9'),
      text('e1', 'reasoning_summary', 'acme', 'LD-9'),
      text('e2', 'generated', 'acme', 'LD-1'),
      // the same lead id in another tenant is another lead
      text('e3', 'generated', 'globex', 'LD-9'),
      // a text naming no lead (a dead letter) is out of reach
      text('e4', 'dead_letter_original', 'acme'),
    ];

    expect(textsToStore(texts, erased, STORED_AT)).toEqual([
      { tenant: 'acme', event_id: 'e1', kind: 'generated', stored_at: STORED_AT, erased_at: STORED_AT },
      { tenant: 'acme', event_id: 'e1', kind: 'reasoning_summary', stored_at: STORED_AT, erased_at: STORED_AT },
      texts[2],
      texts[3],
      texts[4],
    ]);
  });

  it('stores every text as it is when no lead is erased', () => {
    const texts = [text('e1', 'generated', 'acme', 'LD-9')];
    expect(textsToStore(texts, new ErasedLeads(), STORED_AT)).toEqual(texts);
  });
});
