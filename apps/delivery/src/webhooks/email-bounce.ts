import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a bounce's signed timestamp may be from our clock: older (or future) ones are refused as replays. */
export const BOUNCE_SIGNATURE_MAX_AGE_SECONDS = 300;

export const BOUNCE_SEVERITIES = ['permanent', 'temporary'] as const;
export type BounceSeverity = (typeof BOUNCE_SEVERITIES)[number];

export function isBounceSeverity(value: string): value is BounceSeverity {
  return (BOUNCE_SEVERITIES as readonly string[]).includes(value);
}

/** hex HMAC-SHA256 of `timestamp` followed by `token`, keyed with the webhook signing key (Mailgun's scheme). */
export function bounceSignature(signingKey: string, timestamp: string, token: string): string {
  return createHmac('sha256', signingKey).update(`${timestamp}${token}`, 'utf8').digest('hex');
}

export type BounceSignatureCheck = 'valid' | 'invalid_signature' | 'stale_timestamp';

/** Checks the signature (constant time) and that the signed timestamp (Unix seconds) is recent. */
export function checkBounceSignature(
  signingKey: string | undefined,
  fields: { timestamp: string; token: string; signature: string },
  nowSeconds: number,
): BounceSignatureCheck {
  if (!signingKey) return 'invalid_signature';
  const expected = Buffer.from(bounceSignature(signingKey, fields.timestamp, fields.token), 'utf8');
  const given = Buffer.from(fields.signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid_signature';
  const timestamp = Number(fields.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > BOUNCE_SIGNATURE_MAX_AGE_SECONDS) return 'stale_timestamp';
  return 'valid';
}

/** The attempt's error code for a bounce that means the message will never arrive; undefined for a temporary one. */
export function bounceFailureCode(severity: BounceSeverity): string | undefined {
  return severity === 'permanent' ? 'EMAIL_BOUNCED' : undefined;
}

/** The Message-ID as our SMTP adapter recorded it: in angle brackets. */
export function recordedMessageId(messageId: string): string {
  const bare = messageId.trim().replace(/^<|>$/g, '');
  return `<${bare}>`;
}
