import { createHmac, timingSafeEqual } from 'node:crypto';

/** Form parameters as the provider posted them; a repeated name carries every value. */
export type SignedParams = Record<string, string | readonly string[]>;

/**
 * The signature a Twilio-style provider puts in `X-Twilio-Signature`: base64(HMAC-SHA1(auth token, url + each
 * parameter name followed by its value, names in byte order; a repeated name's values sorted too)). `url` is the
 * full URL the provider was told to call, query string included, exactly as configured there.
 */
export function providerSignature(authToken: string, url: string, params: SignedParams): string {
  const signed = Object.keys(params)
    .sort()
    .map((name) => {
      const value = params[name];
      const values = typeof value === 'string' ? [value] : [...value].sort();
      return values.map((item) => `${name}${item}`).join('');
    })
    .join('');
  return createHmac('sha1', authToken)
    .update(url + signed, 'utf8')
    .digest('base64');
}

/** Whether `signature` (the header as received, possibly absent) is the provider's signature of this request; constant-time. */
export function isValidProviderSignature(authToken: string, url: string, params: SignedParams, signature: string | undefined): boolean {
  if (!authToken || !signature) return false;
  const expected = Buffer.from(providerSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
