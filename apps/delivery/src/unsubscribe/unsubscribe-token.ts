import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an unsubscribe link names: the lead (an opaque id, not the address: no PII in URLs) and until when it works. */
export interface UnsubscribeClaims {
  tenant: string;
  lead_id: string;
  /** Unix seconds. */
  expires_at: number;
}

export type TokenCheck =
  { valid: true; claims: UnsubscribeClaims } | { valid: false; reason: 'malformed' | 'invalid_signature' | 'expired' };

const VERSION = 'u1';

function mac(secret: string, signed: string): Buffer {
  return createHmac('sha256', secret).update(signed, 'utf8').digest();
}

/** `u1.<base64url of {"t","l","e"}>.<base64url of HMAC-SHA256(secret, "u1.<payload>")>` */
export function signUnsubscribeToken(claims: UnsubscribeClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ t: claims.tenant, l: claims.lead_id, e: claims.expires_at }), 'utf8').toString('base64url');
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${mac(secret, signed).toString('base64url')}`;
}

/** Checks the signature (constant-time) before reading anything, then the expiry against `nowSeconds`. */
export function verifyUnsubscribeToken(token: string, secret: string, nowSeconds: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !/^[A-Za-z0-9_-]+$/.test(parts[1]) || !/^[A-Za-z0-9_-]+$/.test(parts[2])) {
    return { valid: false, reason: 'malformed' };
  }
  const expected = mac(secret, `${parts[0]}.${parts[1]}`);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: 'invalid_signature' };
  let decoded: { t?: unknown; l?: unknown; e?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  const { t, l, e } = decoded ?? {};
  if (typeof t !== 'string' || typeof l !== 'string' || typeof e !== 'number') return { valid: false, reason: 'malformed' };
  if (e <= nowSeconds) return { valid: false, reason: 'expired' };
  return { valid: true, claims: { tenant: t, lead_id: l, expires_at: e } };
}
