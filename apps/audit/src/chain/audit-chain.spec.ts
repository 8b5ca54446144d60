import { AUDIT_GENESIS_HASH } from '@followup/contracts';
import { canonicalJson } from '@followup/config';
import { chainRecord, ChainedRecord, hashRecord, publicRecord, UnchainedRecord, verifyChain, EMPTY_CHAIN } from './audit-chain';

function entry(n: number, tenant = 'acme'): UnchainedRecord {
  return {
    record_version: 1,
    tenant,
    event_id: `event-${n}`,
    source_topic: 'followup.recommendation.generated.v1',
    event_type: 'recommendation.generated',
    action: 'recommendation.generated',
    occurred_at: `2026-04-20T10:00:0${n}.000Z`,
    recorded_at: `2026-04-20T10:00:0${n}.500Z`,
    lead_id: 'LD-2048',
    actor: { kind: 'service', id: 'recommender' },
    payload: { result: { priority_score: 80 + n, draft_message: '[pii-removed]' } },
  };
}

function chain(length: number, tenant = 'acme'): ChainedRecord[] {
  const records: ChainedRecord[] = [];
  let head = EMPTY_CHAIN;
  for (let n = 1; n <= length; n += 1) {
    const record = chainRecord(entry(n, tenant), head);
    records.push(record);
    head = record;
  }
  return records;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops null and undefined members, keeps array positions', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, null, 'x'], c: undefined, e: null }, when: new Date('2026-04-20T00:00:00Z') })).toBe(
      '{"a":{"d":[1,null,"x"]},"b":1,"when":"2026-04-20T00:00:00.000Z"}',
    );
  });

  it('is the same for the same content in any key order', () => {
    const canonical = '{"x":1,"y":{"a":"é","b":true}}';
    expect(canonicalJson({ x: 1, y: { b: true, a: 'é' } })).toBe(canonical);
    expect(canonicalJson({ y: { a: 'é', b: true }, x: 1 })).toBe(canonical);
  });

  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('the hash chain', () => {
  it('starts at sequence 1 after the genesis hash and links each record to the previous one', () => {
    const records = chain(3);
    expect(records.map((record) => record.sequence)).toEqual([1, 2, 3]);
    expect(records[0].previous_hash).toBe(AUDIT_GENESIS_HASH);
    expect(records[1].previous_hash).toBe(records[0].hash);
    expect(records[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyChain('acme', records)).toBeUndefined();
  });

  it('hashes content only: store fields and null members do not change the hash', () => {
    const [record] = chain(1);
    expect(hashRecord({ ...record, _id: 'x', outbox_pending: true, request_id: null })).toBe(record.hash);
    expect(publicRecord({ ...record, _id: 'x', outbox_pending: false, review: null })).toEqual(record);
  });

  it('reports a changed field as a hash mismatch at that record', () => {
    const records = chain(4);
    records[2] = { ...records[2], payload: { result: { priority_score: 99 } } };
    expect(verifyChain('acme', records)).toMatchObject({ sequence: 3, kind: 'hash_mismatch', actual: records[2].hash });
  });

  it('reports a rewritten record with a recomputed hash at the next record', () => {
    const records = chain(4);
    const forged = { ...records[1], action: 'recommendation.rejected' };
    forged.hash = hashRecord(forged);
    records[1] = forged;
    expect(verifyChain('acme', records)).toMatchObject({ sequence: 3, kind: 'previous_hash_mismatch', expected: forged.hash });
  });

  it('reports a removed or reordered record as a sequence gap', () => {
    const records = chain(4);
    expect(verifyChain('acme', [records[0], records[2], records[3]])).toMatchObject({ sequence: 3, kind: 'sequence_gap', expected: '2' });
    expect(verifyChain('acme', [records[1], records[0]])).toMatchObject({ sequence: 2, kind: 'sequence_gap', expected: '1' });
  });

  it("refuses another tenant's record in the chain and can verify a window from a known head", () => {
    const records = chain(3);
    expect(verifyChain('globex', records)).toMatchObject({ kind: 'tenant_mismatch' });
    expect(verifyChain('acme', records.slice(1), { sequence: 1, hash: records[0].hash })).toBeUndefined();
  });
});
