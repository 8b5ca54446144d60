import type { KeyObject } from 'node:crypto';
import type { mongo } from 'mongoose';
import { AUDIT_CHAIN_HEADS, AUDIT_RECORDS, auditRecordOf } from '../audit-trail/audit-record.schema';
import { ChainBreak, ChainedRecord, ChainVerifier } from '../chain/audit-chain';
import { CHECKPOINT_EVENT_TYPE, checkpointBreakOf, keptCheckpointBreakOf } from '../checkpoints/checkpoint-record';
import { Checkpoint } from '../checkpoints/checkpoint-signature';

export interface TenantChainReport {
  tenant: string;
  records: number;
  last_sequence: number;
  last_hash: string;
  /** Checkpoints met and verified before the walk stopped. */
  checkpoints: number;
  /** The last head a verified checkpoint signs; records after it are covered by the hash chain only. */
  last_signed_sequence?: number;
  /** Whether the checkpoints' signatures were checked (public keys given), not only their heads. */
  signatures_checked: boolean;
  /** Checkpoints kept outside the database that the chain matched. */
  kept_checkpoints: number;
  break?: ChainBreak;
}

export interface VerifyAuditChainsOptions {
  tenant?: string;
  /** Checkpoint public keys by key id: with them every checkpoint's signature is checked too. */
  publicKeys?: ReadonlyMap<string, KeyObject>;
  /** Checkpoints kept outside the database (parseKeptCheckpoints): the chain must still hash to each. */
  keptCheckpoints?: readonly Checkpoint[];
}

/**
 * Verifies one tenant's records, given in sequence order and consumed one at a time (so a chain of any
 * length streams through): the hash chain, and each checkpoint record met, which must sign the chain's own
 * head before it with one of `publicKeys` (without keys only the signed head is compared). A chain
 * rewritten and re-chained consistently therefore breaks at the first checkpoint after the rewrite. `kept`
 * checkpoints (copies held outside the database) must each match the record at their sequence, which also
 * catches a rewrite that deleted the checkpoint records after it, and a chain cut short before them.
 */
export async function verifySignedChain(
  tenant: string,
  records: AsyncIterable<ChainedRecord> | Iterable<ChainedRecord>,
  publicKeys?: ReadonlyMap<string, KeyObject>,
  kept: readonly Checkpoint[] = [],
): Promise<TenantChainReport> {
  const verifier = new ChainVerifier(tenant);
  const keptInOrder = [...kept].sort((a, b) => a.sequence - b.sequence);
  let keptMatched = 0;
  let checkpoints = 0;
  let lastSignedSequence: number | undefined;
  let checkpointBreak: ChainBreak | undefined;
  walk: for await (const record of records) {
    if (!verifier.push(record)) break;
    while (keptInOrder[keptMatched]?.sequence === record.sequence) {
      checkpointBreak = keptCheckpointBreakOf(keptInOrder[keptMatched], record, publicKeys);
      if (checkpointBreak) break walk;
      keptMatched += 1;
    }
    if (record.event_type !== CHECKPOINT_EVENT_TYPE) continue;
    checkpointBreak = checkpointBreakOf(record, publicKeys);
    if (checkpointBreak) break;
    checkpoints += 1;
    lastSignedSequence = record.sequence - 1;
  }
  const chainBreak = verifier.break ?? checkpointBreak;
  const unmatched = keptInOrder[keptMatched];
  return {
    tenant,
    records: verifier.checked,
    last_sequence: verifier.lastSequence,
    last_hash: verifier.lastHash,
    checkpoints,
    last_signed_sequence: lastSignedSequence,
    signatures_checked: publicKeys !== undefined,
    kept_checkpoints: keptMatched,
    break:
      chainBreak ??
      (unmatched && {
        tenant,
        sequence: verifier.lastSequence + 1,
        kind: 'truncated',
        expected: `records up to sequence ${unmatched.sequence} (a kept checkpoint signs it)`,
        actual: `last record is sequence ${verifier.lastSequence}`,
      }),
  };
}

async function* chainedRecords(stored: AsyncIterable<unknown>): AsyncIterable<ChainedRecord> {
  for await (const document of stored) yield auditRecordOf(document as ChainedRecord);
}

/**
 * Verifies each tenant's chain in the audit database (every tenant with records, a chain head or a kept
 * checkpoint; verifySignedChain over a cursor in sequence order) and reports the first break per tenant. The
 * chain head document adds one check the records alone cannot make: a head beyond the last record means
 * records were removed from the end.
 */
export async function verifyAuditChains(db: mongo.Db, options: VerifyAuditChainsOptions = {}): Promise<TenantChainReport[]> {
  const records = db.collection(AUDIT_RECORDS);
  const kept = options.keptCheckpoints ?? [];
  // a tenant whose records were all deleted still has its head: it is reported truncated, not left out
  const stored = options.tenant
    ? [options.tenant]
    : [...((await records.distinct('tenant')) as string[]), ...((await db.collection(AUDIT_CHAIN_HEADS).distinct('tenant')) as string[])];
  const keptTenants = kept.map((checkpoint) => checkpoint.tenant).filter((tenant) => !options.tenant || tenant === options.tenant);
  const tenants = [...new Set([...stored, ...keptTenants])].sort();
  const reports: TenantChainReport[] = [];
  for (const tenant of tenants) {
    // the head before the records: an append stores its records before it moves the head, so a chain growing while
    // it is read shows at least the records of the head read first (read after, it could be ahead of them)
    const head = await db.collection(AUDIT_CHAIN_HEADS).findOne({ tenant });
    const cursor = records.find({ tenant }, { projection: { _id: 0 } }).sort({ sequence: 1 });
    const keptOfTenant = kept.filter((checkpoint) => checkpoint.tenant === tenant);
    const report = await verifySignedChain(tenant, chainedRecords(cursor), options.publicKeys, keptOfTenant);
    await cursor.close();
    if (!report.break) {
      if (head && typeof head.sequence === 'number' && head.sequence > report.last_sequence) {
        report.break = {
          tenant,
          sequence: report.last_sequence + 1,
          kind: 'truncated',
          expected: `records up to sequence ${head.sequence}`,
          actual: `last record is sequence ${report.last_sequence}`,
        };
      }
    }
    reports.push(report);
  }
  return reports;
}

/** One line per tenant, for people. */
export function describeChainReport(report: TenantChainReport): string {
  if (!report.break) {
    const kept = report.kept_checkpoints > 0 ? `, ${report.kept_checkpoints} kept checkpoint(s) matched` : '';
    const intact = `tenant ${report.tenant}: ${report.records} records, chain intact (last sequence ${report.last_sequence}, hash ${report.last_hash})${kept}`;
    if (report.last_signed_sequence === undefined) return `${intact}; no checkpoint`;
    const verified = report.signatures_checked ? 'signatures verified' : 'signatures NOT checked (no public key)';
    const unsigned = report.last_sequence - report.last_signed_sequence - 1;
    return `${intact}; ${report.checkpoints} checkpoint(s), ${verified}, last signed head at sequence ${report.last_signed_sequence}, ${unsigned} record(s) after its checkpoint`;
  }
  const { sequence, kind, expected, actual } = report.break;
  return `tenant ${report.tenant}: BROKEN at sequence ${sequence}: ${kind} (expected ${expected}, found ${actual})`;
}
