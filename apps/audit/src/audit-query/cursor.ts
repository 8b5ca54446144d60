import { ErrorCode, FollowupError } from '@followup/contracts';

/** The opaque page cursor: base64url of `{"after":<sequence>}`. */
export function encodeCursor(afterSequence: number): string {
  return Buffer.from(JSON.stringify({ after: afterSequence }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const after = (decoded as { after?: unknown }).after;
    if (typeof after === 'number' && Number.isInteger(after) && after >= 0) return after;
  } catch {
    // fall through to the 400
  }
  throw new FollowupError(ErrorCode.InvalidRequest, 'Field cursor is malformed.', {
    invalid_fields: ['cursor'],
    violations: { cursor: ['isAuditCursor'] },
  });
}
