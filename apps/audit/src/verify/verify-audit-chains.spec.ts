import type * as mongo from 'mongodb';
import { AUDIT_CHAIN_HEADS, AUDIT_RECORDS } from '../audit-trail/audit-record.schema';
import { notificationToChain } from '../audit-trail/record-to-chain.fixture';
import { ChainedRecord, chainRecord, ChainHead, EMPTY_CHAIN } from '../chain/audit-chain';
import { verifyAuditChains } from './verify-audit-chains';

function chainOf(count: number, from: ChainHead = EMPTY_CHAIN, firstEvent = 1): ChainedRecord[] {
  const chained: ChainedRecord[] = [];
  let head = from;
  for (let index = 0; index < count; index += 1) {
    const record = chainRecord(
      { ...notificationToChain('acme', `event-${firstEvent + index}`, 'req-1'), recorded_at: '2026-12-02T10:00:00.000Z' },
      head,
    );
    chained.push(record);
    head = { sequence: record.sequence, hash: record.hash };
  }
  return chained;
}

/**
 * An audit database whose chain grows while it is verified: the appender stores its records, then moves the head,
 * both right after the verifier's cursor has read the records there were (a real append can land at any moment).
 */
function growingDatabase(stored: ChainedRecord[], appended: ChainedRecord[]) {
  const records = [...stored];
  let head = { tenant: 'acme', sequence: stored.length };
  const append = () => {
    records.push(...appended);
    head = { tenant: 'acme', sequence: records.length };
  };
  const collections: Record<string, object> = {
    [AUDIT_RECORDS]: {
      find: () => {
        const seen = [...records];
        return {
          sort: () => ({
            async *[Symbol.asyncIterator]() {
              yield* seen;
              append();
            },
            close: async () => undefined,
          }),
        };
      },
    },
    [AUDIT_CHAIN_HEADS]: { findOne: async () => ({ ...head }) },
  };
  return { collection: (name: string) => collections[name] } as unknown as mongo.Db;
}

describe('verifyAuditChains', () => {
  it('finds a chain intact that grows while it is read (records stored before the head moves)', async () => {
    const stored = chainOf(3);
    const last = stored[stored.length - 1];
    const appended = chainOf(2, { sequence: last.sequence, hash: last.hash }, 4);

    const [report] = await verifyAuditChains(growingDatabase(stored, appended), { tenant: 'acme' });

    expect(report.break).toBeUndefined();
    expect(report.last_sequence).toBe(3);
  });

  it('still reports a chain whose head is past its last record as truncated', async () => {
    const stored = chainOf(3);
    const database = growingDatabase(stored, []);
    const truncated = {
      collection: (name: string) =>
        name === AUDIT_CHAIN_HEADS ? { findOne: async () => ({ tenant: 'acme', sequence: 5 }) } : database.collection(name),
    } as unknown as mongo.Db;

    const [report] = await verifyAuditChains(truncated, { tenant: 'acme' });

    expect(report.break).toMatchObject({ kind: 'truncated', sequence: 4 });
  });
});
