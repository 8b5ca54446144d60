import { RestrictedTextDigest } from '@followup/contracts';
import { detectPii } from '@followup/pii';
import { digestOf, freeTextsOf, isDigestOf, REMOVED, sealPayload } from './restricted-texts';

jest.mock('@followup/pii', () => {
  const actual = jest.requireActual<typeof import('@followup/pii')>('@followup/pii');
  return { ...actual, detectPii: jest.fn(actual.detectPii) };
});

/** The bytes 0x00 to 0x1f: the hex key the expected HMACs below were worked out with, by `openssl dgst -sha256 -mac HMAC -macopt hexkey:…`. */
const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
/** HMAC-SHA256 of "tone" under KEY, by openssl. */
const TONE_UNDER_KEY = 'ea898ab9e7460adbdf113a41b9dc27681f5baa240f09ef47e4b0b7fe98e0076a';
/** SHA-256 of "tone", by sha256sum: how a record chained before digest keys holds it. */
const TONE_PLAIN = '00cf4ce3935c8a60a1acd094b602276fed4618903839231e5d206dce24c0fe0f';

describe('sealPayload', () => {
  const payload = {
    recommendation_id: 'r-1',
    lead: { lead_id: 'LD-1', first_name: 'Sarah', consent: { sms: true, email: false } },
    result: { priority_score: 80, draft_message: 'Hi Sarah' },
    history: [{ contacts: { email: 'sarah@example.com' } }, { note: 'tone' }],
    llm_exchange: { masked_prompt: 'tone', raw_answer: '' },
  };

  it('replaces free texts at any depth by their digest, names and contacts by a marker, and keeps the rest', () => {
    expect(sealPayload(payload, (text) => ({ sha256: `digest of ${text}`, pii_kinds: [] }))).toEqual({
      recommendation_id: 'r-1',
      lead: { lead_id: 'LD-1', first_name: REMOVED, consent: { sms: true, email: false } },
      result: { priority_score: 80, draft_message: { sha256: 'digest of Hi Sarah', pii_kinds: [] } },
      history: [{ contacts: { email: REMOVED } }, { note: { sha256: 'digest of tone', pii_kinds: [] } }],
      llm_exchange: { masked_prompt: { sha256: 'digest of tone', pii_kinds: [] }, raw_answer: REMOVED },
    });
  });

  it('finds the same free texts, with their paths', () => {
    expect(freeTextsOf(payload)).toEqual([
      { path: 'result.draft_message', text: 'Hi Sarah' },
      { path: 'history.1.note', text: 'tone' },
      { path: 'llm_exchange.masked_prompt', text: 'tone' },
    ]);
  });
});

describe('digestOf', () => {
  it("is the HMAC-SHA256 of the UTF-8 text under its owner's key, says so, and gives the kinds found, each once, sorted", () => {
    expect(digestOf('mail a@b.io or c@d.io, call +1 415 555 0123', KEY)).toEqual({
      sha256: 'ae40a1d521b8bc2e4694e93e8c0e4e15128cd13db416693c7eb1621ba78c26d4',
      pii_kinds: ['email', 'phone'],
      digest: 'hmac-sha256',
    });
  });

  it("differs from the text's plain SHA-256 and from its digest under another key", () => {
    // HMAC-SHA256 of "tone" under the 32 ASCII bytes "another key of 32 bytes, exactly", by `openssl dgst -sha256 -hmac`
    const otherKey = Buffer.from('another key of 32 bytes, exactly', 'utf8');
    expect(digestOf('tone', KEY).sha256).toBe(TONE_UNDER_KEY);
    expect(digestOf('tone', otherKey).sha256).toBe('17bcfb1f07a3283607b64259528e82fccebf0599b5b43dc7ec6412678fab2561');
    expect(digestOf('tone', KEY).sha256).not.toBe(TONE_PLAIN);
  });

  it('detects a text once while it is remembered, and answers the same digest every time', () => {
    const text = 'Reach Dana Whitfield at dana.whitfield@example.org before Friday.';
    const calls = () => jest.mocked(detectPii).mock.calls.filter(([detected]) => detected === text).length;
    const first = digestOf(text, KEY);
    first.pii_kinds.push('phone'); // a caller changing its copy must not change what is remembered
    expect(digestOf(text, KEY)).toEqual({
      sha256: 'cd5844501cdb33a9879e8b07ccae027744ab65d8186e31c8317dcdb306cc9354',
      pii_kinds: ['email', 'other_person'],
      digest: 'hmac-sha256',
    });
    expect(calls()).toBe(1);
  });
});

describe('isDigestOf', () => {
  const keyed: RestrictedTextDigest = { sha256: TONE_UNDER_KEY, pii_kinds: [], digest: 'hmac-sha256' };

  it('matches a keyed digest under its key only, and matches nothing once the key is erased', () => {
    expect(isDigestOf(keyed, 'tone', KEY)).toBe(true);
    expect(isDigestOf(keyed, 'tone!', KEY)).toBe(false);
    expect(isDigestOf(keyed, 'tone', Buffer.alloc(32))).toBe(false);
    expect(isDigestOf(keyed, 'tone', undefined)).toBe(false);
  });

  it("matches a digest chained before digest keys (no `digest` field) as the text's plain SHA-256, with or without a key", () => {
    const plain = { sha256: TONE_PLAIN, pii_kinds: [] };
    expect(isDigestOf(plain, 'tone', undefined)).toBe(true);
    expect(isDigestOf(plain, 'tone', KEY)).toBe(true);
    expect(isDigestOf(plain, 'tone!', undefined)).toBe(false);
  });
});
