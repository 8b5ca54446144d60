import { decodeCursor, encodeCursor } from './cursor';
import { timelineOrder } from './timeline-order';

describe('the page cursor', () => {
  it('round-trips a sequence and refuses anything else with INVALID_REQUEST', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor(undefined)).toBe(0);
    for (const bad of ['', 'not-base64!', Buffer.from('{"after":-1}').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_REQUEST', details: expect.objectContaining({ invalid_fields: ['cursor'] }) }),
      );
    }
  });
});

describe('timelineOrder', () => {
  it('orders by occurrence, then by recording order', () => {
    const records = [
      { occurred_at: '2026-04-20T10:00:02.000Z', sequence: 1 },
      { occurred_at: '2026-04-20T10:00:01.000Z', sequence: 3 },
      { occurred_at: '2026-04-20T10:00:01.000Z', sequence: 2 },
    ];
    expect(timelineOrder(records).map((record) => record.sequence)).toEqual([2, 3, 1]);
  });
});
