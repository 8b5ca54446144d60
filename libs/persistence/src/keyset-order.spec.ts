import { ErrorCode, FollowupError } from '@followup/contracts';
import { KeysetOrder } from './keyset-order';

const byPriority = new KeysetOrder('highest_priority_first', [
  { field: 'result.priority_score', direction: -1, type: 'number' },
  { field: 'created_at', direction: 1, type: 'date' },
  { field: 'id', direction: 1, type: 'string' },
]);
const oldestFirst = new KeysetOrder('oldest_first', [
  { field: 'created_at', direction: 1, type: 'date' },
  { field: 'id', direction: 1, type: 'string' },
]);
const created = new Date('2026-12-04T10:00:00.000Z');

function refusal(run: () => unknown): FollowupError | undefined {
  try {
    run();
  } catch (error) {
    return error as FollowupError;
  }
  return undefined;
}

describe('KeysetOrder', () => {
  it('sorts by its keys in their directions', () => {
    expect(byPriority.sort).toEqual({ 'result.priority_score': -1, created_at: 1, id: 1 });
  });

  it('continues after a record: lower scores and unscored ones, or the same score created later, or the same time with a later id', () => {
    const cursor = byPriority.cursorAfter({ result: { priority_score: 80 }, created_at: created, id: 'b' });
    expect(byPriority.after(cursor)).toEqual({
      $or: [
        { $or: [{ 'result.priority_score': { $lt: 80 } }, { 'result.priority_score': null }] },
        { $and: [{ 'result.priority_score': 80 }, { created_at: { $gt: created } }] },
        { $and: [{ 'result.priority_score': 80 }, { created_at: created }, { id: { $gt: 'b' } }] },
      ],
    });
  });

  it('after an unscored record (last when descending), continues among the unscored only', () => {
    const cursor = byPriority.cursorAfter({ created_at: created.toISOString(), id: 'c' });
    expect(byPriority.after(cursor)).toEqual({
      $or: [
        { $and: [{ 'result.priority_score': null }, { created_at: { $gt: created } }] },
        { $and: [{ 'result.priority_score': null }, { created_at: created }, { id: { $gt: 'c' } }] },
      ],
    });
  });

  it('after a record without a value of an ascending key (first), continues with every record that has one', () => {
    const cursor = oldestFirst.cursorAfter({ id: 'a' });
    expect(oldestFirst.after(cursor)).toEqual({
      $or: [{ created_at: { $ne: null } }, { $and: [{ created_at: null }, { id: { $gt: 'a' } }] }],
    });
  });

  it("takes a request without a cursor, or with an empty one, for the first page: nothing to filter by; else the cursor's filter", () => {
    expect(oldestFirst.from(undefined)).toBeUndefined();
    expect(oldestFirst.from('')).toBeUndefined();
    const cursor = oldestFirst.cursorAfter({ created_at: created, id: 'a' });
    expect(oldestFirst.from(cursor)).toEqual({
      $or: [{ created_at: { $gt: created } }, { $and: [{ created_at: created }, { id: { $gt: 'a' } }] }],
    });
  });

  it('cuts a page of `limit` from one record more, and points the next page after its last record; none when nothing is left', () => {
    const records = [
      { created_at: created, id: 'a' },
      { created_at: created, id: 'b' },
      { created_at: created, id: 'c' },
    ];
    expect(oldestFirst.page(records, 2)).toEqual({
      items: records.slice(0, 2),
      next_cursor: Buffer.from(JSON.stringify({ o: 'oldest_first', v: ['2026-12-04T10:00:00.000Z', 'b'] })).toString('base64url'),
    });
    expect(oldestFirst.page(records.slice(0, 2), 2)).toEqual({ items: records.slice(0, 2), next_cursor: null });
    expect(oldestFirst.page([], 2)).toEqual({ items: [], next_cursor: null });
  });

  const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['not base64 JSON', oldestFirst, 'not-a-cursor'],
    ['empty', oldestFirst, ''],
    ['a cursor of another order', byPriority, oldestFirst.cursorAfter({ created_at: created, id: 'a' })],
    ['too few values', byPriority, encoded({ o: 'highest_priority_first', v: [1, created.toISOString()] })],
    ['a date that is not one', oldestFirst, encoded({ o: 'oldest_first', v: ['yesterday', 'a'] })],
    ['a number where a string goes', oldestFirst, encoded({ o: 'oldest_first', v: [created.toISOString(), 7] })],
    ['no value for the unique key', oldestFirst, encoded({ o: 'oldest_first', v: [created.toISOString(), null] })],
  ])('refuses %s with 400 INVALID_REQUEST on the cursor', (_case, order, cursor) => {
    const error = refusal(() => order.after(cursor));
    expect(error).toBeInstanceOf(FollowupError);
    expect(error?.code).toBe(ErrorCode.InvalidRequest);
    expect(error?.details).toEqual({ invalid_fields: ['cursor'], violations: { cursor: ['isCursor'] } });
  });
});
