import { ErrorCode, FollowupError } from '@followup/contracts';
import type { QueuePosition } from './review.repository';

/** An opaque page cursor: the position (creation time, id) of the last item of the previous page. */
export function encodeCursor(position: QueuePosition): string {
  return Buffer.from(JSON.stringify({ t: new Date(position.created_at).toISOString(), id: position.recommendation_id })).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): QueuePosition {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    const createdAt = typeof parsed.t === 'string' ? new Date(parsed.t) : undefined;
    if (!createdAt || Number.isNaN(createdAt.getTime()) || typeof parsed.id !== 'string') throw new Error('bad cursor');
    return { created_at: createdAt, recommendation_id: parsed.id };
  } catch {
    throw new FollowupError(ErrorCode.InvalidRequest, 'Field cursor is malformed.', {
      invalid_fields: ['cursor'],
      violations: { cursor: ['isCursor'] },
    });
  }
}
