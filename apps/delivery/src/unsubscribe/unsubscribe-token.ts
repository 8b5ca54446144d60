import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What an unsubscribe link names: the lead (an opaque id), the address the email went to (encrypted: no PII in URLs;
 * absent from the links of the first version, which meant the lead's address at the click) and until when it works.
 */
export interface UnsubscribeClaims {
  tenant: string;
  lead_id: string;
  address?: string;
  /** Unix seconds. */
  expires_at: number;
}

export type TokenCheck =
  { valid: true; claims: UnsubscribeClaims } | { valid: false; reason: 'malformed' | 'invalid_signature' | 'expired' };

/** u1 named the lead only; u2 also the address, encrypted. Links of both versions are honoured until they expire. */
const VERSIONS = ['u1', 'u2'] as const;

function mac(secret: string, signed: string): Buffer {
  return createHmac('sha256', secret).update(signed, 'utf8').digest();
}

/**
 * The address under AES-256-CTR, with a key and an IV each an HMAC-SHA256 of the secret (the IV over the address,
 * so one address always reads the same: the link shows nothing but that), as base64url(IV ‖ ciphertext). The
 * token's own HMAC covers it, so it needs no tag of its own.
 */
function addressKey(secret: string): Buffer {
  return mac(secret, 'unsubscribe address key');
}

function encryptAddress(address: string, secret: string): string {
  const iv = mac(secret, `unsubscribe address iv:${address}`).subarray(0, 16);
  const cipher = createCipheriv('aes-256-ctr', addressKey(secret), iv);
  return Buffer.concat([iv, cipher.update(address, 'utf8'), cipher.final()]).toString('base64url');
}

function decryptAddress(sealed: string, secret: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-ctr', addressKey(secret), bytes.subarray(0, 16));
  return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8');
}

/**
 * `u2.<base64url of {"t","l","e","a"}>.<base64url of HMAC-SHA256(secret, "u2.<payload>")>`, `a` the encrypted address;
 * `u1.` and no `a` for claims without an address.
 */
export function signUnsubscribeToken(claims: UnsubscribeClaims, secret: string): string {
  const fields = { t: claims.tenant, l: claims.lead_id, e: claims.expires_at };
  const payload = Buffer.from(
    JSON.stringify(claims.address === undefined ? fields : { ...fields, a: encryptAddress(claims.address, secret) }),
    'utf8',
  ).toString('base64url');
  const signed = `${claims.address === undefined ? 'u1' : 'u2'}.${payload}`;
  return `${signed}.${mac(secret, signed).toString('base64url')}`;
}

/** Checks the signature (constant-time) before reading anything, then the expiry against `nowSeconds`. */
export function verifyUnsubscribeToken(token: string, secret: string, nowSeconds: number): TokenCheck {
  const parts = token.split('.');
  if (
    parts.length !== 3 ||
    !(VERSIONS as readonly string[]).includes(parts[0]) ||
    !/^[A-Za-z0-9_-]+$/.test(parts[1]) ||
    !/^[A-Za-z0-9_-]+$/.test(parts[2])
  ) {
    return { valid: false, reason: 'malformed' };
  }
  const expected = mac(secret, `${parts[0]}.${parts[1]}`);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: 'invalid_signature' };
  let decoded: { t?: unknown; l?: unknown; e?: unknown; a?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  const { t, l, e, a } = decoded ?? {};
  if (typeof t !== 'string' || typeof l !== 'string' || typeof e !== 'number') return { valid: false, reason: 'malformed' };
  const sealedAddress = typeof a === 'string' && Buffer.from(a, 'base64url').length > 16;
  if ((parts[0] === 'u2') !== sealedAddress) return { valid: false, reason: 'malformed' };
  if (e <= nowSeconds) return { valid: false, reason: 'expired' };
  const claims = { tenant: t, lead_id: l, expires_at: e };
  return { valid: true, claims: sealedAddress ? { ...claims, address: decryptAddress(a as string, secret) } : claims };
}
