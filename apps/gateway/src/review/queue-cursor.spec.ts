import { ErrorCode, FollowupError } from '@followup/contracts';
import { decodeCursor, encodeCursor } from './queue-cursor';

describe('queue cursor', () => {
  it('round-trips a position', () => {
    const position = { created_at: new Date('2026-04-20T10:00:00.123Z'), recommendation_id: 'r-1' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each(['', 'not-base64-json', Buffer.from('{"t":"yesterday","id":"x"}').toString('base64url')])(
    'refuses a malformed cursor %p with INVALID_REQUEST',
    (cursor) => {
      const error = (() => {
        try {
          decodeCursor(cursor);
        } catch (caught) {
          return caught;
        }
      })() as FollowupError;
      expect(error).toBeInstanceOf(FollowupError);
      expect(error.code).toBe(ErrorCode.InvalidRequest);
    },
  );
});
