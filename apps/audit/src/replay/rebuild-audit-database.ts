import type { mongo } from 'mongoose';
import { AUDIT_CHAIN_HEADS, AUDIT_RECORDS, storedAuditDocument } from '../audit-trail/audit-record.schema';
import { ChainedRecord } from '../chain/audit-chain';
import { slicesOf } from '../slices-of';
import { parseReplayedRecords, ReplayedRecord } from './replay-selection';

export class AuditDatabaseNotEmptyError extends Error {
  constructor(database: string, count: number) {
    super(
      `${database}.${AUDIT_RECORDS} already holds ${count} records; rebuild only into an empty database (or pass --force to replace them)`,
    );
    this.name = 'AuditDatabaseNotEmptyError';
  }
}

const BATCH = 500;

/**
 * Writes replayed records, as they are (sequence, hashes, times), into an audit database with the audit
 * service's unique indexes, and points each tenant's chain head at its last record. Every record is held
 * to the audit record contract before anything is written. Refuses a database that already holds records
 * unless `force`, which replaces them.
 */
export async function rebuildAuditDatabase(db: mongo.Db, replayed: ReplayedRecord[], options: { force?: boolean } = {}): Promise<number> {
  const records = parseReplayedRecords(replayed);
  const target = db.collection(AUDIT_RECORDS);
  const existing = await target.countDocuments({});
  if (existing > 0 && !options.force) throw new AuditDatabaseNotEmptyError(db.databaseName, existing);
  if (existing > 0) {
    await target.deleteMany({});
    await db.collection(AUDIT_CHAIN_HEADS).deleteMany({});
  }
  await target.createIndex({ event_id: 1 }, { unique: true });
  await target.createIndex({ tenant: 1, sequence: 1 }, { unique: true });
  await db.collection(AUDIT_CHAIN_HEADS).createIndex({ tenant: 1 }, { unique: true });
  for (const batch of slicesOf(records, BATCH)) {
    await target.insertMany(
      batch.map((record) => storedAuditDocument({ ...record, outbox_pending: false })),
      { ordered: true },
    );
  }
  const heads = new Map<string, ChainedRecord>();
  for (const record of records) {
    const head = heads.get(record.tenant);
    if (!head || record.sequence > head.sequence) heads.set(record.tenant, record);
  }
  for (const head of heads.values()) {
    await db
      .collection(AUDIT_CHAIN_HEADS)
      .updateOne({ tenant: head.tenant }, { $set: { tenant: head.tenant, sequence: head.sequence, hash: head.hash } }, { upsert: true });
  }
  return records.length;
}
