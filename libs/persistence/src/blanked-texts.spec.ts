import { blankedTexts, valueAt } from './blanked-texts';

describe('blankedTexts', () => {
  const record = {
    lifecycle: 'compliance_check',
    result: { draft_message: 'Hi Jordan', reasoning_summary: '[erased]', priority_score: 82 },
    review: { decision: 'approved', draft_message: 'Hi Jordan!', reviewed_at: new Date('2026-12-02T10:00:00Z') },
    outbox: { topic: 't', event: { event_id: 'e-1', payload: { draft_message: 'Hi Jordan!', lead_id: 'LD-1' } } },
  };

  it('copies each field holding a text still to erase, with every such text replaced and the rest kept', () => {
    const paths = [
      'result.draft_message',
      'result.reasoning_summary',
      'review.draft_message',
      'review.rejection_reason',
      'outbox.event.payload.draft_message',
    ];
    expect(blankedTexts(record, paths, '[erased]')).toEqual({
      result: { draft_message: '[erased]', reasoning_summary: '[erased]', priority_score: 82 },
      review: { decision: 'approved', draft_message: '[erased]', reviewed_at: new Date('2026-12-02T10:00:00Z') },
      outbox: { topic: 't', event: { event_id: 'e-1', payload: { draft_message: '[erased]', lead_id: 'LD-1' } } },
    });
    // the record itself is left as it was
    expect(record.review.draft_message).toBe('Hi Jordan!');
  });

  it('is empty when the texts are erased already, absent, or not texts', () => {
    expect(
      blankedTexts(record, ['result.reasoning_summary', 'review.edit_diff', 'delivery.channel', 'result.priority_score'], '[erased]'),
    ).toEqual({});
    expect(blankedTexts({ outbox: null }, ['outbox.event.payload.draft_message'], '[erased]')).toEqual({});
  });
});

describe('valueAt', () => {
  it('walks objects by key and answers undefined where the path leaves them', () => {
    const record = { event: { json: '{"a":1}', topic: 't' }, count: 3 };
    expect(valueAt(record, ['event', 'json'])).toBe('{"a":1}');
    expect(valueAt(record, ['count', 'more'])).toBeUndefined();
    expect(valueAt(record, ['missing', 'json'])).toBeUndefined();
  });
});
