import { chainRecord, EMPTY_CHAIN, hashRecord } from '../chain/audit-chain';
import { auditRecordOf, storedAuditDocument } from './audit-record.schema';
import { notificationToChain } from './record-to-chain.fixture';

describe('an audit record as it is stored', () => {
  const record = {
    tenant: 'acme',
    sequence: 3,
    event_type: 'recommendation.generated',
    payload: { result: { priority_score: 92, reasoning_summary: { sha256: 'ab', pii_kinds: [] } }, attempt: 1 },
  };

  it('keeps the payload as its JSON text and every other field as it is', () => {
    expect(storedAuditDocument(record)).toEqual({
      tenant: 'acme',
      sequence: 3,
      event_type: 'recommendation.generated',
      payload: '{"result":{"priority_score":92,"reasoning_summary":{"sha256":"ab","pii_kinds":[]}},"attempt":1}',
    });
  });

  it('reads back the payload that was chained, and a record stored before with its payload as an object unchanged', () => {
    expect(auditRecordOf(storedAuditDocument(record))).toEqual(record);
    expect(auditRecordOf(record)).toBe(record);
  });

  it('hashes as the record that was chained', () => {
    const chained = chainRecord({ ...notificationToChain('acme', 'e-1', 'r-1'), recorded_at: '2026-04-20T10:00:01.000Z' }, EMPTY_CHAIN);
    const readBack = auditRecordOf({ ...storedAuditDocument(chained), outbox_pending: false });
    expect(hashRecord(readBack)).toBe(chained.hash);
    // the stored text itself is not what is hashed
    expect(hashRecord(storedAuditDocument(chained))).not.toBe(chained.hash);
  });

  it('leaves a payload text that is not JSON as it is stored, so the record does not hash as chained', () => {
    const chained = chainRecord({ ...notificationToChain('acme', 'e-1', 'r-1'), recorded_at: '2026-04-20T10:00:01.000Z' }, EMPTY_CHAIN);
    const overwritten = { ...storedAuditDocument(chained), payload: '{"kind":"low_confid' };
    expect(auditRecordOf(overwritten)).toEqual(overwritten);
    expect(hashRecord(auditRecordOf(overwritten))).not.toBe(chained.hash);
  });
});
