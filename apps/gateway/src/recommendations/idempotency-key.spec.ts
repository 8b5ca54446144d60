import { FollowupError } from '@followup/contracts';
import { idempotentRecommendationId, parseIdempotencyKey, requestFingerprint } from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it('takes a bare key and a structured-field string alike, and nothing when the header is absent', () => {
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['empty between quotes', '""'],
    ['with a space inside', 'retry 1'],
    ['with a character past ASCII', 'clé-1'],
    ['with a quote inside', 'a"b'],
    ['256 characters long', 'k'.repeat(256)],
  ])('refuses a key %s as INVALID_REQUEST naming the header', (_case, header) => {
    expect(() => parseIdempotencyKey(header)).toThrow(FollowupError);
    try {
      parseIdempotencyKey(header);
    } catch (error) {
      expect((error as FollowupError).code).toBe('INVALID_REQUEST');
      expect((error as FollowupError).details).toEqual({ invalid_fields: ['Idempotency-Key'] });
    }
  });

  it('takes a key of 255 characters and refuses the header sent twice (Node joins the two as "a, b")', () => {
    expect(parseIdempotencyKey('k'.repeat(255))).toHaveLength(255);
    expect(() => parseIdempotencyKey('a, b')).toThrow(FollowupError);
  });
});

describe('idempotentRecommendationId', () => {
  it('is the first 16 bytes of the SHA-256 of ["tenant","sub","key"], marked as a version 8 UUID', () => {
    // printf '%s' '["acme","rep-17","retry-1"]' | sha256sum → 64917b25 b645 3592 1257 111be5854533…; byte 6 0x35 → 0x85,
    // byte 8 0x12 → 0x92
    expect(idempotentRecommendationId('acme', 'rep-17', 'retry-1')).toBe('64917b25-b645-8592-9257-111be5854533');
  });

  it('differs for another user, another tenant or another key', () => {
    const id = idempotentRecommendationId('acme', 'rep-17', 'retry-1');
    expect(idempotentRecommendationId('acme', 'rep-18', 'retry-1')).not.toBe(id);
    expect(idempotentRecommendationId('globex', 'rep-17', 'retry-1')).not.toBe(id);
    expect(idempotentRecommendationId('acme', 'rep-17', 'retry-2')).not.toBe(id);
    // the parts cannot run into each other
    expect(idempotentRecommendationId('acme', 'rep-1', '7retry-1')).not.toBe(id);
  });
});

describe('requestFingerprint', () => {
  it("is the SHA-256 of [key, fields], the fields' names in order at every depth", () => {
    // printf '%s' '["k",{"a":1,"b":[{"c":2,"d":3}]}]' | sha256sum
    const expected = '3ea0b2b2221c21b8baa449222c63b8c2273f6a0cdd558f5c84d635a7f0ad074a';
    expect(requestFingerprint('k', { b: [{ d: 3, c: 2 }], a: 1 })).toBe(expected);
    expect(requestFingerprint('k', { a: 1, b: [{ c: 2, d: 3 }] })).toBe(expected);
  });

  it('differs when a value, the order of a list or the key differs', () => {
    const fingerprint = requestFingerprint('k', { a: 1, b: [1, 2] });
    expect(requestFingerprint('k', { a: 2, b: [1, 2] })).not.toBe(fingerprint);
    expect(requestFingerprint('k', { a: 1, b: [2, 1] })).not.toBe(fingerprint);
    expect(requestFingerprint('j', { a: 1, b: [1, 2] })).not.toBe(fingerprint);
  });
});
