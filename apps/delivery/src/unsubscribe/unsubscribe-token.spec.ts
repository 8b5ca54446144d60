import { signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

const SECRET = 'test-unsubscribe-secret-0123456789abcdef';
// Worked by hand: the payload is base64url('{"t":"acme","l":"LD-1","e":1800000000}'), the signature
// `printf '%s' 'u1.<payload>' | openssl dgst -sha256 -hmac "$SECRET" -binary | base64` in base64url.
const TOKEN = 'u1.eyJ0IjoiYWNtZSIsImwiOiJMRC0xIiwiZSI6MTgwMDAwMDAwMH0.a1tajfqxWUE214YEidwNPl7Z7L0Jw84QKwnpJ08aStY';

// Worked by hand with openssl for sarah.lee@example.com: key = HMAC-SHA256(SECRET, 'unsubscribe address key'),
// IV = the first 16 bytes of HMAC-SHA256(SECRET, 'unsubscribe address iv:sarah.lee@example.com'),
// a = base64url(IV ‖ `openssl enc -aes-256-ctr -K <key> -iv <IV>` of the address), the payload
// base64url('{"t":"acme","l":"LD-1","e":1800000000,"a":"<a>"}'), signed over 'u2.<payload>' as above.
const ADDRESSED =
  'u2.eyJ0IjoiYWNtZSIsImwiOiJMRC0xIiwiZSI6MTgwMDAwMDAwMCwiYSI6IkxtSHJ2Zk02a2NXdVR6VDJJQmFJc2VwT0w5VnhYd0o2T3RNNDcxb3VTb09jNHdyaTFnIn0.' +
  '2DtBjscSJEGlXCXGg_OmcR5jRpc2w0OvlYoAe8Xf34g';

describe('signUnsubscribeToken', () => {
  it('writes the version, the claims and their HMAC-SHA256 in base64url', () => {
    expect(signUnsubscribeToken({ tenant: 'acme', lead_id: 'LD-1', expires_at: 1_800_000_000 }, SECRET)).toBe(TOKEN);
  });

  it('names the address the email went to encrypted, never as it is', () => {
    const token = signUnsubscribeToken(
      { tenant: 'acme', lead_id: 'LD-1', address: 'sarah.lee@example.com', expires_at: 1_800_000_000 },
      SECRET,
    );
    expect(token).toBe(ADDRESSED);
    expect(Buffer.from(token.split('.')[1], 'base64url').toString()).not.toContain('sarah');
  });
});

describe('verifyUnsubscribeToken', () => {
  it('accepts a token it signed until it expires', () => {
    expect(verifyUnsubscribeToken(TOKEN, SECRET, 1_799_999_999)).toEqual({
      valid: true,
      claims: { tenant: 'acme', lead_id: 'LD-1', expires_at: 1_800_000_000 },
    });
    expect(verifyUnsubscribeToken(TOKEN, SECRET, 1_800_000_000)).toEqual({ valid: false, reason: 'expired' });
  });

  it('reads the address back from a token of the second version', () => {
    expect(verifyUnsubscribeToken(ADDRESSED, SECRET, 1_799_999_999)).toEqual({
      valid: true,
      claims: { tenant: 'acme', lead_id: 'LD-1', address: 'sarah.lee@example.com', expires_at: 1_800_000_000 },
    });
  });

  it('refuses a token signed with another key, or with claims changed after signing', () => {
    expect(verifyUnsubscribeToken(TOKEN, 'another-secret-0123456789abcdef0123', 0)).toEqual({ valid: false, reason: 'invalid_signature' });
    const otherLead = Buffer.from('{"t":"acme","l":"LD-2","e":1800000000}').toString('base64url');
    const [version, , signature] = TOKEN.split('.');
    expect(verifyUnsubscribeToken(`${version}.${otherLead}.${signature}`, SECRET, 0)).toEqual({
      valid: false,
      reason: 'invalid_signature',
    });
  });

  it('refuses what is not a token', () => {
    expect(verifyUnsubscribeToken('', SECRET, 0)).toEqual({ valid: false, reason: 'malformed' });
    expect(verifyUnsubscribeToken('u3.abc.def', SECRET, 0)).toEqual({ valid: false, reason: 'malformed' });
    expect(verifyUnsubscribeToken('u1.a+b.c', SECRET, 0)).toEqual({ valid: false, reason: 'malformed' });
  });
});
