import { createHmac, createSign, KeyObject } from 'node:crypto';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * A JWT assembled by hand, so a test can produce what a library refuses to sign: `alg: none`, an HMAC
 * keyed with an RSA public key, any header and any claims.
 */
export function craftToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signWith: { hmacSecret?: string | Buffer; rsaPrivateKey?: KeyObject } = {},
): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  if (signWith.hmacSecret !== undefined) {
    return `${signingInput}.${createHmac('sha256', signWith.hmacSecret).update(signingInput).digest('base64url')}`;
  }
  if (signWith.rsaPrivateKey) {
    return `${signingInput}.${createSign('RSA-SHA256').update(signingInput).sign(signWith.rsaPrivateKey).toString('base64url')}`;
  }
  return `${signingInput}.`;
}

/** Asserts the spec's error body: exactly `{ error: { code, message, details? } }`, nothing else. */
export function expectErrorBody(
  response: { status: number; body: any },
  status: number,
  code: string,
): Record<string, unknown> | undefined {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expectErrorShape(response.body);
  return response.body.error.details;
}

/** The shape alone: `error` is the only key; inside it `code` and `message` strings and an optional `details` object. */
export function expectErrorShape(body: any): void {
  expect(body).toEqual({ error: expect.any(Object) });
  const keys = Object.keys(body.error).sort();
  expect(keys.every((key) => ['code', 'details', 'message'].includes(key))).toBe(true);
  expect(typeof body.error.code).toBe('string');
  expect(body.error.code).toMatch(/^[A-Z_]+$/);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if ('details' in body.error) {
    expect(typeof body.error.details).toBe('object');
    expect(Array.isArray(body.error.details)).toBe(false);
  }
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
