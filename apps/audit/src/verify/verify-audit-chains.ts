import type { mongo } from 'mongoose';
import { AUDIT_CHAIN_HEADS, AUDIT_RECORDS } from '../audit-trail/audit-record.schema';
import { ChainBreak, ChainedRecord, ChainVerifier } from '../chain/audit-chain';

export interface TenantChainReport {
  tenant: string;
  records: number;
  last_sequence: number;
  last_hash: string;
  break?: ChainBreak;
}

/**
 * Walks each tenant's chain in the audit database in sequence order (streamed, one record at a time) and
 * reports the first break per tenant. The chain head document adds one check the records alone cannot
 * make: a head beyond the last record means records were removed from the end.
 */
export async function verifyAuditChains(db: mongo.Db, options: { tenant?: string } = {}): Promise<TenantChainReport[]> {
  const records = db.collection(AUDIT_RECORDS);
  const tenants = options.tenant ? [options.tenant] : ((await records.distinct('tenant')) as string[]).sort();
  const reports: TenantChainReport[] = [];
  for (const tenant of tenants) {
    const verifier = new ChainVerifier(tenant);
    const cursor = records.find({ tenant }, { projection: { _id: 0 } }).sort({ sequence: 1 });
    for await (const record of cursor) {
      if (!verifier.push(record as unknown as ChainedRecord)) break;
    }
    await cursor.close();
    let chainBreak = verifier.break;
    if (!chainBreak) {
      const head = await db.collection(AUDIT_CHAIN_HEADS).findOne({ tenant });
      if (head && typeof head.sequence === 'number' && head.sequence > verifier.lastSequence) {
        chainBreak = {
          tenant,
          sequence: verifier.lastSequence + 1,
          kind: 'truncated',
          expected: `records up to sequence ${head.sequence}`,
          actual: `last record is sequence ${verifier.lastSequence}`,
        };
      }
    }
    reports.push({
      tenant,
      records: verifier.checked,
      last_sequence: verifier.lastSequence,
      last_hash: verifier.lastHash,
      break: chainBreak,
    });
  }
  return reports;
}

/** One line per tenant, for people. */
export function describeChainReport(report: TenantChainReport): string {
  if (!report.break) {
    return `tenant ${report.tenant}: ${report.records} records, chain intact (last sequence ${report.last_sequence}, hash ${report.last_hash})`;
  }
  const { sequence, kind, expected, actual } = report.break;
  return `tenant ${report.tenant}: BROKEN at sequence ${sequence}: ${kind} (expected ${expected}, found ${actual})`;
}
