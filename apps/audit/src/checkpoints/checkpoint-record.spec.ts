import { Environment, InvalidEnvironmentError } from '@followup/config';
import { chainRecord, ChainedRecord, EMPTY_CHAIN, UnchainedRecord } from '../chain/audit-chain';
import { verifySignedChain } from '../verify/verify-audit-chains';
import { checkpointIn, checkpointRecordOf, isCheckpointOfPrevious, parseKeptCheckpoints } from './checkpoint-record';
import { checkCheckpointSignature, keyIdOf, parseSigningKey, parseVerifyKeys, signCheckpoint } from './checkpoint-signature';
import { CheckpointSigner, checkpointSigningKey, previousCheckpointKeys } from './checkpoint-signer';
import { DEVELOPMENT_SIGNING_KEY_PEM, DEVELOPMENT_VERIFY_KEY_PEM } from './development-signing-key';
import {
  DEVELOPMENT_KEY_ID,
  OTHER_KEY_ID,
  OTHER_VERIFY_KEY_PEM as OTHER_VERIFY_PEM,
  TEST_KEY_ID as SIGNING_KEY_ID,
  TEST_SIGNING_KEY_DER_BASE64,
  TEST_SIGNING_KEY_PEM as SIGNING_PEM,
  TEST_VERIFY_KEY_PEM as VERIFY_PEM,
} from './test-keys.fixture';

function event(n: number, action = 'notification.low_confidence'): Omit<UnchainedRecord, 'recorded_at'> {
  return {
    record_version: 1,
    tenant: 'acme',
    event_id: `event-${n}`,
    source_topic: 'followup.notifications.v1',
    event_type: 'notification.requested',
    action,
    occurred_at: `2026-04-20T10:00:0${n}.000Z`,
    actor: { kind: 'service', id: 'gateway' },
    payload: { lead_id: `LD-${n}` },
  };
}

/** Records 1-4 are events, 5 the checkpoint of head 4, 6 an event; `rewrite` changes record 2 and re-chains everything after it. */
function signedChain(rewrite?: (record: Omit<UnchainedRecord, 'recorded_at'>) => Omit<UnchainedRecord, 'recorded_at'>) {
  const key = parseSigningKey(SIGNING_PEM);
  const records: ChainedRecord[] = [];
  const append = (content: Omit<UnchainedRecord, 'recorded_at'>) =>
    records.push(chainRecord({ ...content, recorded_at: content.occurred_at }, records.at(-1) ?? EMPTY_CHAIN));
  for (let n = 1; n <= 4; n += 1) append(n === 2 && rewrite ? rewrite(event(n)) : event(n));
  const checkpoint = signCheckpoint(
    { tenant: 'acme', sequence: 4, head_hash: records[3].hash, signed_at: '2026-04-20T10:00:05.000Z' },
    key,
  );
  append(checkpointRecordOf(checkpoint, { kind: 'service', id: 'audit' }));
  append(event(6));
  return records;
}

/** The attacker's tool: records with changed content, every hash and previous_hash recomputed from the start. */
function rechained(records: ChainedRecord[], change: (record: ChainedRecord) => ChainedRecord): ChainedRecord[] {
  const out: ChainedRecord[] = [];
  for (const record of records) {
    const { sequence: _sequence, previous_hash: _previous, hash: _hash, ...content } = change(record);
    out.push(chainRecord(content, out.at(-1) ?? EMPTY_CHAIN));
  }
  return out;
}

describe('checkpoint records in a chain', () => {
  const publicKeys = parseVerifyKeys(VERIFY_PEM);

  it('verify with the public key alone: the walk is given public keys only', async () => {
    expect([...publicKeys.values()].map((key) => key.type)).toEqual(['public']);
    expect(await verifySignedChain('acme', signedChain(), publicKeys)).toMatchObject({
      records: 6,
      last_sequence: 6,
      checkpoints: 1,
      last_signed_sequence: 4,
      signatures_checked: true,
      break: undefined,
    });
  });

  it('carry the signed head right after it, and are recognised as a checkpoint of the previous record', () => {
    const records = signedChain();
    expect(records[4]).toMatchObject({
      sequence: 5,
      event_id: 'checkpoint:acme:4',
      event_type: 'audit.checkpoint',
      action: 'audit.checkpoint',
    });
    expect(checkpointIn(records[4])).toMatchObject({ tenant: 'acme', sequence: 4, head_hash: records[3].hash, key_id: SIGNING_KEY_ID });
    expect(isCheckpointOfPrevious(records[4])).toBe(true);
    expect(isCheckpointOfPrevious(records[5])).toBe(false);
  });

  it('break at the checkpoint when an earlier record was rewritten and the chain re-chained consistently', async () => {
    const forged = rechained(signedChain(), (record) => (record.sequence === 2 ? { ...record, action: 'notification.cleared' } : record));
    expect(forged[4].previous_hash).toBe(forged[3].hash);
    const report = await verifySignedChain('acme', forged, publicKeys);
    expect(report.break).toMatchObject({
      tenant: 'acme',
      sequence: 5,
      kind: 'checkpoint_head_mismatch',
      expected: expect.stringMatching(/^signed head acme#4 [0-9a-f]{64}$/),
      actual: `chain head acme#4 ${forged[3].hash}`,
    });
    expect(report.break!.expected).not.toContain(forged[3].hash);
    expect(report).toMatchObject({ checkpoints: 0, last_signed_sequence: undefined });
  });

  it('break at the signature when the forger also rewrites the signed head', async () => {
    const forged = rechained(signedChain(), (record) => (record.sequence === 2 ? { ...record, action: 'notification.cleared' } : record));
    const checkpoint = checkpointIn(forged[4])!;
    const resigned = rechained(forged, (record) =>
      record.sequence === 5 ? { ...record, payload: { checkpoint: { ...checkpoint, head_hash: forged[3].hash } } } : record,
    );
    expect((await verifySignedChain('acme', resigned, publicKeys)).break).toMatchObject({
      sequence: 5,
      kind: 'checkpoint_signature_invalid',
      expected: `a signature by key ${SIGNING_KEY_ID}`,
    });
  });

  it('break on a checkpoint by a key not given, or one without a checkpoint in it', async () => {
    expect((await verifySignedChain('acme', signedChain(), parseVerifyKeys(OTHER_VERIFY_PEM))).break).toMatchObject({
      sequence: 5,
      kind: 'checkpoint_unknown_key',
      actual: SIGNING_KEY_ID,
    });
    const emptied = rechained(signedChain(), (record) => (record.sequence === 5 ? { ...record, payload: {} } : record));
    expect((await verifySignedChain('acme', emptied, publicKeys)).break).toMatchObject({ sequence: 5, kind: 'checkpoint_malformed' });
  });

  it('without keys compare the signed head only, and say the signatures were not checked', async () => {
    expect(await verifySignedChain('acme', signedChain())).toMatchObject({ checkpoints: 1, signatures_checked: false, break: undefined });
  });
});

describe('checkpoints kept outside the database', () => {
  const publicKeys = parseVerifyKeys(VERIFY_PEM);
  const keptCopy = () => [checkpointIn(signedChain()[4])!];

  it('are read from a GET /api/v1/audit/checkpoints body, a JSON array or NDJSON, and nothing else', () => {
    const checkpoint = keptCopy()[0];
    const body = JSON.stringify({ items: [{ ...checkpoint, record_sequence: 5 }], next_cursor: null }, null, 2);
    expect(parseKeptCheckpoints(body)).toEqual([checkpoint]);
    expect(parseKeptCheckpoints(JSON.stringify([checkpoint, checkpoint]))).toEqual([checkpoint, checkpoint]);
    expect(parseKeptCheckpoints(`${JSON.stringify(checkpoint)}\n\n${JSON.stringify(checkpoint)}\n`)).toEqual([checkpoint, checkpoint]);
    expect(() => parseKeptCheckpoints('{"items":[{"tenant":"acme"}]}')).toThrow('kept checkpoint 1 is not a checkpoint');
    expect(() => parseKeptCheckpoints('not json')).toThrow(/neither a GET \/api\/v1\/audit\/checkpoints body/);
  });

  it('each match the record at the sequence they sign', async () => {
    expect(await verifySignedChain('acme', signedChain(), publicKeys, keptCopy())).toMatchObject({ kept_checkpoints: 1, break: undefined });
  });

  it('catch a rewrite that also deleted the checkpoint records, which the chain alone passes', async () => {
    const withoutCheckpoints = signedChain().filter((record) => record.event_type !== 'audit.checkpoint');
    const forged = rechained(withoutCheckpoints, (record) =>
      record.sequence === 2 ? { ...record, action: 'notification.cleared' } : record,
    );
    expect(await verifySignedChain('acme', forged, publicKeys)).toMatchObject({ records: 5, checkpoints: 0, break: undefined });
    expect((await verifySignedChain('acme', forged, publicKeys, keptCopy())).break).toMatchObject({
      sequence: 4,
      kind: 'kept_checkpoint_mismatch',
      actual: `chain head acme#4 ${forged[3].hash}`,
    });
  });

  it('catch a chain cut short before them, and a kept copy whose signature does not verify', async () => {
    expect((await verifySignedChain('acme', signedChain().slice(0, 3), publicKeys, keptCopy())).break).toMatchObject({
      sequence: 4,
      kind: 'truncated',
      expected: 'records up to sequence 4 (a kept checkpoint signs it)',
      actual: 'last record is sequence 3',
    });
    const [checkpoint] = keptCopy();
    const edited = [{ ...checkpoint, signed_at: '2026-04-20T11:00:00.000Z' }];
    expect((await verifySignedChain('acme', signedChain(), publicKeys, edited)).break).toMatchObject({
      sequence: 4,
      kind: 'checkpoint_signature_invalid',
    });
  });
});

describe('the checkpoint signing key', () => {
  const loopbackTest = { NODE_ENV: 'test' as const, HOST: '127.0.0.1' };

  it('is the configured Ed25519 key, as PEM or base64 DER, in production too', () => {
    expect(keyIdOf(checkpointSigningKey({ NODE_ENV: 'production', HOST: '0.0.0.0', AUDIT_SIGNING_PRIVATE_KEY: SIGNING_PEM }))).toBe(
      SIGNING_KEY_ID,
    );
    expect(keyIdOf(checkpointSigningKey({ ...loopbackTest, AUDIT_SIGNING_PRIVATE_KEY: TEST_SIGNING_KEY_DER_BASE64 }))).toBe(SIGNING_KEY_ID);
    expect(() => checkpointSigningKey({ ...loopbackTest, AUDIT_SIGNING_PRIVATE_KEY: 'garbage' })).toThrow(/^AUDIT_SIGNING_PRIVATE_KEY: /);
  });

  it('falls back to the development key only with NODE_ENV development or test and a loopback listener', () => {
    expect(keyIdOf(checkpointSigningKey(loopbackTest))).toBe(DEVELOPMENT_KEY_ID);
    expect(keyIdOf(checkpointSigningKey({ NODE_ENV: 'development', HOST: '::1' }))).toBe(DEVELOPMENT_KEY_ID);
    expect(() => checkpointSigningKey({ NODE_ENV: 'production', HOST: '127.0.0.1' })).toThrow(InvalidEnvironmentError);
    expect(() => checkpointSigningKey({ NODE_ENV: 'test', HOST: '0.0.0.0' })).toThrow(
      /AUDIT_SIGNING_PRIVATE_KEY: required here \(HOST 0\.0\.0\.0/,
    );
  });

  it('refuses the development key configured explicitly where development defaults are not allowed', () => {
    expect(() =>
      checkpointSigningKey({ NODE_ENV: 'production', HOST: '0.0.0.0', AUDIT_SIGNING_PRIVATE_KEY: DEVELOPMENT_SIGNING_KEY_PEM }),
    ).toThrow(/development checkpoint key is public and refused here/);
  });
});

describe('the public keys of earlier signing keys, which the service still verifies with', () => {
  const production = { NODE_ENV: 'production' as const, HOST: '0.0.0.0' };
  const loopbackTest = { NODE_ENV: 'test' as const, HOST: '127.0.0.1' };

  it('are the configured public keys by id, none when unset', () => {
    expect([...previousCheckpointKeys(production).keys()]).toEqual([]);
    const both = previousCheckpointKeys({ ...production, AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS: `${VERIFY_PEM}\n${OTHER_VERIFY_PEM}` });
    expect([...both.keys()]).toEqual([SIGNING_KEY_ID, OTHER_KEY_ID]);
    expect(() => previousCheckpointKeys({ ...production, AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS: SIGNING_PEM })).toThrow(
      /^AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS: a private key was given/,
    );
  });

  it('refuse the development key where development defaults are not allowed', () => {
    expect([
      ...previousCheckpointKeys({ ...loopbackTest, AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS: DEVELOPMENT_VERIFY_KEY_PEM }).keys(),
    ]).toEqual([DEVELOPMENT_KEY_ID]);
    expect(() => previousCheckpointKeys({ ...production, AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS: DEVELOPMENT_VERIFY_KEY_PEM })).toThrow(
      /^AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS: the development checkpoint key is public and refused here \(NODE_ENV is production/,
    );
  });

  it('verify, beside the signing key, a checkpoint signed before the rotation', () => {
    const head = { tenant: 'acme', sequence: 3, head_hash: 'a'.repeat(64), signed_at: '2026-04-20T10:00:00.000Z' };
    const beforeRotation = signCheckpoint(head, parseSigningKey(SIGNING_PEM));
    // the development key signs now
    const rotated = (settings: Partial<Environment>) => new CheckpointSigner({ ...loopbackTest, ...settings } as Environment).publicKeys;
    expect(checkCheckpointSignature(beforeRotation, rotated({}))).toBe('unknown_key');
    const withPrevious = rotated({ AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS: VERIFY_PEM });
    expect([...withPrevious.keys()].sort()).toEqual([SIGNING_KEY_ID, DEVELOPMENT_KEY_ID].sort());
    expect(checkCheckpointSignature(beforeRotation, withPrevious)).toBe('valid');
  });
});
