import { Injectable } from '@nestjs/common';
import { ChainHead, chainRecord, UnchainedRecord } from '../chain/audit-chain';
import { AuditRecordRepository, StoredAuditRecord } from './audit-record.repository';

/** A record as the chain's input carries it: everything but its position, hashes and time of recording. */
export type RecordToChain = Omit<UnchainedRecord, 'recorded_at'>;

/** Builds the record to append after `head`, or returns undefined to append nothing. */
export type RecordForHead = (head: ChainHead) => Promise<RecordToChain | undefined>;

/** Positions lost to other writers before giving up (the batch is then redelivered by Kafka). */
const MAX_APPEND_ATTEMPTS = 50;

export class AuditChainContentionError extends Error {
  constructor(tenants: string[]) {
    super(`Could not append to the audit chain of tenant(s) ${tenants.join(', ')} after ${MAX_APPEND_ATTEMPTS} attempts`);
    this.name = 'AuditChainContentionError';
  }

  /** Labelled retryable, so a consumer rethrows it and Kafka redelivers the batch instead of dead-lettering it. */
  get errorLabelSet(): Set<string> {
    return new Set(['RetryableWriteError']);
  }
}

export interface AppendedBatch {
  /** The records this call chained, in the order of the input. */
  appended: StoredAuditRecord[];
  /** The stored records of input events chained before (a redelivery): never chained twice. */
  recordedBefore: StoredAuditRecord[];
  /** Times another writer held the position this writer tried (the writer then read the head again). */
  positionConflicts: number;
  /** Tenants whose head document another writer had already moved past this batch. */
  headConflicts: number;
}

/** The records chained after the heads, in input order: each tenant's continue its own line. */
export function chainAfterHeads(records: RecordToChain[], heads: Map<string, ChainHead>, recordedAt: string): StoredAuditRecord[] {
  const ends = new Map(heads);
  return records.map((record) => {
    const chained = chainRecord({ ...record, recorded_at: recordedAt }, ends.get(record.tenant)!);
    ends.set(record.tenant, { sequence: chained.sequence, hash: chained.hash });
    return { ...chained, outbox_pending: false };
  });
}

/** The input without a second copy of an event (a redelivery inside one batch): the first copy stays. */
export function firstCopies(records: RecordToChain[]): RecordToChain[] {
  const seen = new Set<string>();
  return records.filter((record) => !seen.has(record.event_id) && seen.add(record.event_id));
}

/**
 * Appends records to their tenants' hash chains, a batch at a time: hashes computed in memory from the
 * heads, one ordered insertMany, one head update. The unique (tenant, sequence) index is the
 * compare-and-set: a writer whose head is stale (another instance owned the tenant's partition meanwhile)
 * has its insert refused at the first taken position, reads the head again and chains the rest after it, so
 * a chain never forks. The unique event_id index refuses an event chained before; only then are the
 * refused events read, to be published again instead of chained twice.
 */
@Injectable()
export class AuditChainAppender {
  /**
   * The head this process last appended, per tenant: the next batch is chained after it without reading the
   * head. A position taken meanwhile makes the insert fail, and the head is read again.
   */
  private readonly knownHeads = new Map<string, ChainHead>();

  constructor(private readonly records: AuditRecordRepository) {}

  async appendBatch(input: RecordToChain[]): Promise<AppendedBatch> {
    const outcome: AppendedBatch = { appended: [], recordedBefore: [], positionConflicts: 0, headConflicts: 0 };
    let pending = firstCopies(input);
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > MAX_APPEND_ATTEMPTS) throw new AuditChainContentionError([...new Set(pending.map((record) => record.tenant))]);
      const chained = chainAfterHeads(pending, await this.headsOf(pending), new Date().toISOString());
      const inserted = await this.records.insertInOrder(chained);
      const ours = chained.slice(0, inserted);
      outcome.appended.push(...ours);
      for (const record of ours) this.knownHeads.set(record.tenant, { sequence: record.sequence, hash: record.hash });
      if (inserted === chained.length) break;
      const rest = pending.slice(inserted);
      const before = await this.records.findByEventIds(rest.map((record) => record.event_id));
      outcome.recordedBefore.push(...before);
      const refused = chained[inserted];
      if (!before.some((record) => record.event_id === refused.event_id)) {
        outcome.positionConflicts += 1;
        this.knownHeads.delete(refused.tenant);
      }
      const chainedBefore = new Set(before.map((record) => record.event_id));
      pending = rest.filter((record) => !chainedBefore.has(record.event_id));
    }
    outcome.headConflicts = await this.records.advanceHeads(lastPerTenant(outcome.appended));
    return outcome;
  }

  /**
   * Appends the one record `recordFor` builds for the tenant's current head (a checkpoint signs that head),
   * asking again whenever another writer took the position. Returns it with `outbox_pending` set (the caller
   * publishes it), or undefined when the builder declined or the event was chained before.
   *
   * The head is read from the database every time, never taken from knownHeads: on an instance that does not
   * own the tenant's partition the head it last appended is stale, and a builder that declines on what it sees
   * there (a checkpoint already signing it) would never insert, so never learn that the chain moved on.
   */
  async appendAfterHead(tenant: string, recordFor: RecordForHead): Promise<StoredAuditRecord | undefined> {
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
      const head = await this.records.currentHead(tenant);
      const built = await recordFor(head);
      if (!built) return undefined;
      const [record] = chainAfterHeads([built], new Map([[tenant, head]]), new Date().toISOString());
      const pendingRecord = { ...record, outbox_pending: true };
      if ((await this.records.insertInOrder([pendingRecord])) === 1) {
        this.knownHeads.set(tenant, { sequence: record.sequence, hash: record.hash });
        await this.records.advanceHeads([{ tenant, sequence: record.sequence, hash: record.hash }]);
        return pendingRecord;
      }
      this.knownHeads.delete(tenant);
      if (await this.records.findByEventId(record.event_id)) return undefined;
    }
    throw new AuditChainContentionError([tenant]);
  }

  private async headsOf(records: { tenant: string }[]): Promise<Map<string, ChainHead>> {
    const heads = new Map<string, ChainHead>();
    for (const tenant of new Set(records.map((record) => record.tenant))) {
      heads.set(tenant, this.knownHeads.get(tenant) ?? (await this.records.currentHead(tenant)));
    }
    return heads;
  }
}

function lastPerTenant(records: StoredAuditRecord[]): (ChainHead & { tenant: string })[] {
  const last = new Map<string, ChainHead & { tenant: string }>();
  for (const { tenant, sequence, hash } of records) last.set(tenant, { tenant, sequence, hash });
  return [...last.values()];
}
