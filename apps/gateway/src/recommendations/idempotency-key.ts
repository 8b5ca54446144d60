import { createHash } from 'node:crypto';
import { canonicalJson } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set to `true` on a 200 that answers a repeat of an earlier request rather than a new one. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
const MAX_KEY_LENGTH = 255;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

function malformed(reason: string): FollowupError {
  return new FollowupError(ErrorCode.InvalidRequest, `Header ${IDEMPOTENCY_KEY_HEADER} is malformed: ${reason}.`, {
    invalid_fields: [IDEMPOTENCY_KEY_HEADER],
  });
}

/**
 * The key of an `Idempotency-Key` header, bare (`abc`) or as a structured-field string (`"abc"`, the IETF draft's
 * form): 1 to 255 visible ASCII characters. Undefined when the header is absent. A header sent twice reaches here
 * joined by Node as `a, b`, and is refused for its space.
 */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  const key = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  if (key.length === 0) throw malformed('empty');
  if (key.length > MAX_KEY_LENGTH) throw malformed(`longer than ${MAX_KEY_LENGTH} characters`);
  if (!VISIBLE_ASCII.test(key) || key.includes('"')) throw malformed('only visible ASCII characters, no quote inside');
  return key;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * The recommendation id of a request made with `key` by this user of this tenant: the same for every repeat, another
 * for anyone else using the same key. A UUID of version 8 (RFC 9562's custom form) from a SHA-256 of the three.
 */
export function idempotentRecommendationId(tenant: string, userSub: string, key: string): string {
  const bytes = sha256(JSON.stringify([tenant, userSub, key])).subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * What a repeat must match: the request's fields whatever their order, hashed with the key (which only the caller
 * knows), so the stored value tells nothing of a lead's data to whoever reads the database.
 */
export function requestFingerprint(key: string, request: object): string {
  return sha256(canonicalJson([key, request])).toString('hex');
}
