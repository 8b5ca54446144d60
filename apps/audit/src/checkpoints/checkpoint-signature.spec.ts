import { generateKeyPairSync } from 'node:crypto';
import {
  checkCheckpointSignature,
  checkpointPayload,
  InvalidCheckpointKeyError,
  keyIdOf,
  parseSigningKey,
  parseVerifyKeys,
  signCheckpoint,
} from './checkpoint-signature';
import {
  OTHER_KEY_ID,
  OTHER_VERIFY_KEY_PEM as OTHER_PUBLIC_PEM,
  TEST_KEY_ID,
  TEST_SIGNING_KEY_DER_BASE64 as TEST_PRIVATE_DER_BASE64,
  TEST_SIGNING_KEY_PEM as TEST_PRIVATE_PEM,
  TEST_VERIFY_KEY_DER_BASE64 as TEST_PUBLIC_DER_BASE64,
  TEST_VERIFY_KEY_PEM as TEST_PUBLIC_PEM,
} from './test-keys.fixture';

// The payload bytes and signature below were computed with openssl, not with the code under test.
/** sha256("hello"), standing in for a record hash. */
const HEAD_HASH = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const HEAD = { tenant: 'acme', sequence: 12, head_hash: HEAD_HASH, signed_at: '2026-04-20T10:00:00.000Z' };
const EXPECTED_PAYLOAD =
  '{"head_hash":"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",' +
  '"key_id":"a16448320202bc1fa83c0034020617d6b9c807d85128d6f375e43f5d97d3dbe5","sequence":12,' +
  '"signed_at":"2026-04-20T10:00:00.000Z","tenant":"acme","type":"followup.audit.checkpoint.v1"}';
/** `openssl pkeyutl -sign -rawin -inkey test.pem -in payload.bin | base64` over EXPECTED_PAYLOAD. */
const EXPECTED_SIGNATURE = '+n+5aRzHHll5uEYPBYiklDiaLjUp6xDP0z+rS27CN8JX33ImJFqwJL6imE5nOFQhuONa7qxoBMWX38OY6JMzDA==';

describe('the signed checkpoint payload', () => {
  it('is the canonical JSON of the head, the key id and the payload type, byte for byte', () => {
    expect(checkpointPayload({ ...HEAD, key_id: TEST_KEY_ID }).toString('utf8')).toBe(EXPECTED_PAYLOAD);
  });

  it('refuses a head with a field missing or out of range rather than signing less', () => {
    expect(() => checkpointPayload({ ...HEAD, key_id: '' })).toThrow(TypeError);
    expect(() => checkpointPayload({ ...HEAD, sequence: -1, key_id: TEST_KEY_ID })).toThrow(TypeError);
    expect(() => checkpointPayload({ ...HEAD, sequence: 1.5, key_id: TEST_KEY_ID })).toThrow(TypeError);
  });
});

describe('keys', () => {
  it('names a key by the SHA-256 of its DER SubjectPublicKeyInfo, from the private or the public half', () => {
    expect(keyIdOf(parseSigningKey(TEST_PRIVATE_PEM))).toBe(TEST_KEY_ID);
    expect([...parseVerifyKeys(TEST_PUBLIC_PEM).keys()]).toEqual([TEST_KEY_ID]);
  });

  it('reads the signing key as PKCS#8 PEM or base64 DER, and only an Ed25519 one', () => {
    expect(keyIdOf(parseSigningKey(TEST_PRIVATE_DER_BASE64))).toBe(TEST_KEY_ID);
    expect(() => parseSigningKey('not a key')).toThrow(InvalidCheckpointKeyError);
    const { privateKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => parseSigningKey(ecKey.export({ type: 'pkcs8', format: 'pem' }) as string)).toThrow(/ec key; checkpoints need Ed25519/);
  });

  it('reads several public keys (PEM blocks or comma-separated base64) and refuses a private key', () => {
    expect([...parseVerifyKeys(`${TEST_PUBLIC_PEM}\n${OTHER_PUBLIC_PEM}\n`).keys()]).toEqual([TEST_KEY_ID, OTHER_KEY_ID]);
    expect([...parseVerifyKeys(` ${TEST_PUBLIC_DER_BASE64} , ${TEST_PUBLIC_DER_BASE64}`).keys()]).toEqual([TEST_KEY_ID]);
    expect(() => parseVerifyKeys(TEST_PRIVATE_PEM)).toThrow(/private key was given/);
    expect(() => parseVerifyKeys('')).toThrow(InvalidCheckpointKeyError);
    expect(() => parseVerifyKeys('bm90IGEga2V5')).toThrow(InvalidCheckpointKeyError);
  });
});

describe('signing and verifying a checkpoint', () => {
  const signed = () => signCheckpoint(HEAD, parseSigningKey(TEST_PRIVATE_PEM));

  it('signs deterministically (Ed25519) the payload openssl signs to the same bytes', () => {
    expect(signed()).toEqual({ ...HEAD, key_id: TEST_KEY_ID, signature: EXPECTED_SIGNATURE });
  });

  it('verifies with the public key alone', () => {
    const checkpoint = { ...HEAD, key_id: TEST_KEY_ID, signature: EXPECTED_SIGNATURE };
    expect(checkCheckpointSignature(checkpoint, parseVerifyKeys(TEST_PUBLIC_PEM))).toBe('valid');
  });

  it('fails for any changed field, a signature by another key, or a key it was not given', () => {
    const keys = parseVerifyKeys(TEST_PUBLIC_PEM);
    expect(checkCheckpointSignature({ ...signed(), head_hash: '0'.repeat(64) }, keys)).toBe('invalid');
    expect(checkCheckpointSignature({ ...signed(), sequence: 13 }, keys)).toBe('invalid');
    expect(checkCheckpointSignature({ ...signed(), tenant: 'globex' }, keys)).toBe('invalid');
    expect(checkCheckpointSignature({ ...signed(), signed_at: '2026-04-20T10:00:01.000Z' }, keys)).toBe('invalid');
    expect(checkCheckpointSignature({ ...signed(), signature: 'AAAA' }, keys)).toBe('invalid');
    expect(checkCheckpointSignature({ ...signed(), key_id: OTHER_KEY_ID }, parseVerifyKeys(`${TEST_PUBLIC_PEM}${OTHER_PUBLIC_PEM}`))).toBe(
      'invalid',
    );
    expect(checkCheckpointSignature(signed(), parseVerifyKeys(OTHER_PUBLIC_PEM))).toBe('unknown_key');
  });
});
