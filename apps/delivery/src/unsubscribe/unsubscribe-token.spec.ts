import { signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

const SECRET = 'test-unsubscribe-secret-0123456789abcdef';
// Worked by hand: the payload is base64url('{"t":"acme","l":"LD-1","e":1800000000}'), the signature
// `printf '%s' 'u1.<payload>' | openssl dgst -sha256 -hmac "$SECRET" -binary | base64` in base64url.
const TOKEN = 'u1.eyJ0IjoiYWNtZSIsImwiOiJMRC0xIiwiZSI6MTgwMDAwMDAwMH0.a1tajfqxWUE214YEidwNPl7Z7L0Jw84QKwnpJ08aStY';

describe('signUnsubscribeToken', () => {
  it('writes the version, the claims and their HMAC-SHA256 in base64url', () => {
    expect(signUnsubscribeToken({ tenant: 'acme', lead_id: 'LD-1', expires_at: 1_800_000_000 }, SECRET)).toBe(TOKEN);
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
    expect(verifyUnsubscribeToken('u2.abc.def', SECRET, 0)).toEqual({ valid: false, reason: 'malformed' });
    expect(verifyUnsubscribeToken('u1.a+b.c', SECRET, 0)).toEqual({ valid: false, reason: 'malformed' });
  });
});
