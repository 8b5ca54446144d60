import { ErrorCode, FollowupError } from '@followup/contracts';
import type { EscalationPosition } from './escalation.repository';

/** An opaque page cursor: the position (raise time, id) of the last case of the previous page. */
export function encodeCursor(position: EscalationPosition): string {
  return Buffer.from(JSON.stringify({ t: new Date(position.raised_at).toISOString(), id: position.escalation_id })).toString('base64url');
}

export function decodeCursor(cursor: string): EscalationPosition {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    const raisedAt = typeof parsed.t === 'string' ? new Date(parsed.t) : undefined;
    if (!raisedAt || Number.isNaN(raisedAt.getTime()) || typeof parsed.id !== 'string') throw new Error('bad cursor');
    return { raised_at: raisedAt, escalation_id: parsed.id };
  } catch {
    throw new FollowupError(ErrorCode.InvalidRequest, 'Field cursor is malformed.', {
      invalid_fields: ['cursor'],
      violations: { cursor: ['isCursor'] },
    });
  }
}
