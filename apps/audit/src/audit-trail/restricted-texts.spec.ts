import { detectPii } from '@followup/pii';
import { digestOf, REMOVED, sealPayload } from './restricted-texts';

jest.mock('@followup/pii', () => {
  const actual = jest.requireActual<typeof import('@followup/pii')>('@followup/pii');
  return { ...actual, detectPii: jest.fn(actual.detectPii) };
});

describe('sealPayload', () => {
  it('replaces free texts at any depth by their digest, names and contacts by a marker, and keeps the rest', () => {
    const { payload, texts } = sealPayload({
      recommendation_id: 'r-1',
      lead: { lead_id: 'LD-1', first_name: 'Sarah', consent: { sms: true, email: false } },
      result: { priority_score: 80, draft_message: 'Hi Sarah' },
      history: [{ contacts: { email: 'sarah@example.com' } }, { note: 'tone' }],
      llm_exchange: { masked_prompt: 'tone', raw_answer: '' },
    });
    const tone = { sha256: '00cf4ce3935c8a60a1acd094b602276fed4618903839231e5d206dce24c0fe0f', pii_kinds: [] };
    expect(payload).toEqual({
      recommendation_id: 'r-1',
      lead: { lead_id: 'LD-1', first_name: REMOVED, consent: { sms: true, email: false } },
      result: {
        priority_score: 80,
        draft_message: { sha256: '5ff1cdd35cc287721f6efbefb18de5e88a2e2aa1cf33504babb4522e35e9dae2', pii_kinds: [] },
      },
      history: [{ contacts: { email: REMOVED } }, { note: tone }],
      llm_exchange: { masked_prompt: tone, raw_answer: REMOVED },
    });
    expect(texts).toEqual([
      { path: 'result.draft_message', text: 'Hi Sarah' },
      { path: 'history.1.note', text: 'tone' },
      { path: 'llm_exchange.masked_prompt', text: 'tone' },
    ]);
  });
});

describe('digestOf', () => {
  it('is the SHA-256 of the UTF-8 text and the kinds found, each once, sorted', () => {
    expect(digestOf('mail a@b.io or c@d.io, call +1 415 555 0123')).toEqual({
      sha256: 'ee297cbb931b85f3d4e2a7c4525c051c722bc16f72c7c54d29e1f2af6ad196ec',
      pii_kinds: ['email', 'phone'],
    });
  });

  it('detects a text once while it is remembered, and answers the same digest every time', () => {
    const text = 'Reach Dana Whitfield at dana.whitfield@example.org before Friday.';
    const calls = () => jest.mocked(detectPii).mock.calls.filter(([detected]) => detected === text).length;
    const first = digestOf(text);
    first.pii_kinds.push('phone'); // a caller changing its copy must not change what is remembered
    expect(digestOf(text)).toEqual({ sha256: first.sha256, pii_kinds: ['email', 'other_person'] });
    expect(calls()).toBe(1);
  });
});
