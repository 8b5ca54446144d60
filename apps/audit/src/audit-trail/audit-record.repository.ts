import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { isDuplicateKeyError } from '@followup/persistence';
import { ChainedRecord, ChainHead, EMPTY_CHAIN } from '../chain/audit-chain';
import { slicesOf } from '../slices-of';
import { AuditChainHeadDocument, AuditRecordDocument, auditRecordOf, storedAuditDocument } from './audit-record.schema';

export type StoredAuditRecord = ChainedRecord & { outbox_pending: boolean };

const NO_ID = { _id: 0 } as const;

const recordOrNull = (stored: StoredAuditRecord | null): StoredAuditRecord | null => stored && auditRecordOf(stored);

/** The most records one ordered insert carries (see insertInOrder). */
export const ORDERED_INSERT_LIMIT = 100;

export interface AuditRecordFilter {
  lead_id?: string;
  recommendation_id?: string;
  action?: string;
  event_type?: string;
  from?: string;
  to?: string;
}

/** The tenant's records matching the filter, within the sequence bound when one is given. */
function recordQuery(
  tenant: string,
  filter: AuditRecordFilter,
  sequence: { $gt: number } | { $lt: number } | undefined,
): FilterQuery<AuditRecordDocument> {
  const query: FilterQuery<AuditRecordDocument> = { tenant, ...(sequence ? { sequence } : {}) };
  if (filter.lead_id) query.lead_id = filter.lead_id;
  if (filter.recommendation_id) query.recommendation_id = filter.recommendation_id;
  if (filter.action) query.action = filter.action;
  if (filter.event_type) query.event_type = filter.event_type;
  if (filter.from || filter.to) {
    query.occurred_at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  }
  return query;
}

/**
 * The tenant chains. Records are appended by inserting sequences head+1, head+2…; the unique (tenant, sequence)
 * index lets exactly one writer win each position and the unique event_id index refuses a second copy of
 * an event, so chains stay linear and gap-free without transactions. That index is the compare-and-set: a
 * conditional update is no guard on FerretDB v1 (it updates by a read and a write, so two writers can both
 * match). The head document is a shortcut to the end of the chain, advanced only forwards.
 */
@Injectable()
export class AuditRecordRepository implements OnModuleInit {
  constructor(
    @InjectModel(AuditRecordDocument.name) private readonly records: Model<AuditRecordDocument>,
    @InjectModel(AuditChainHeadDocument.name) private readonly heads: Model<AuditChainHeadDocument>,
  ) {}

  /** The unique indexes must exist before the first append (Kafka consumers start after module init). */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.records.init(), this.heads.init()]);
  }

  async findByEventId(eventId: string): Promise<StoredAuditRecord | null> {
    return recordOrNull(await this.records.findOne({ event_id: eventId }, NO_ID).lean<StoredAuditRecord>().exec());
  }

  async findByEventIds(eventIds: string[]): Promise<StoredAuditRecord[]> {
    return (
      await this.records
        .find({ event_id: { $in: eventIds } }, NO_ID)
        .lean<StoredAuditRecord[]>()
        .exec()
    ).map(auditRecordOf);
  }

  /** The end of the tenant's chain; catches the head document up if a writer stopped before advancing it. */
  async currentHead(tenant: string): Promise<ChainHead> {
    const stored = await this.heads.findOne({ tenant }, NO_ID).lean<AuditChainHeadDocument>().exec();
    let head: ChainHead = stored ? { sequence: stored.sequence, hash: stored.hash } : EMPTY_CHAIN;
    for (;;) {
      const next = await this.records
        .findOne({ tenant, sequence: head.sequence + 1 }, { sequence: 1, hash: 1 })
        .lean<ChainHead>()
        .exec();
      if (!next) return head;
      await this.advanceHeads([{ tenant, sequence: next.sequence, hash: next.hash }]);
      head = { sequence: next.sequence, hash: next.hash };
    }
  }

  /** The record at a position of the tenant's chain. */
  async findAt(tenant: string, sequence: number): Promise<StoredAuditRecord | null> {
    return recordOrNull(await this.records.findOne({ tenant, sequence }, NO_ID).lean<StoredAuditRecord>().exec());
  }

  /** Every tenant's chain head document (one per tenant). */
  findAllHeads(): Promise<(ChainHead & { tenant: string })[]> {
    return this.heads.find({}, NO_ID).lean<(ChainHead & { tenant: string })[]>().exec();
  }

  /**
   * Inserts the records in order and stops at the first one whose position or event is taken (the unique
   * indexes decide, atomically on MongoDB and FerretDB alike). Returns how many were inserted: a prefix of
   * `records`. One command per ORDERED_INSERT_LIMIT records: FerretDB v1.24 writes an insert in groups of 100
   * documents and, after a refused document, goes on with the next group although the insert is ordered (it
   * stored documents 101–106 of 106 after refusing the second), which would chain records after ones never
   * stored.
   */
  async insertInOrder(records: StoredAuditRecord[]): Promise<number> {
    let inserted = 0;
    for (const group of slicesOf(records, ORDERED_INSERT_LIMIT)) {
      try {
        await this.records.collection.insertMany(
          group.map((record) => storedAuditDocument(record)),
          { ordered: true },
        );
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const firstRefused = (error as { writeErrors?: { index: number }[] | { index: number } }).writeErrors;
        const index = Array.isArray(firstRefused) ? firstRefused[0]?.index : firstRefused?.index;
        if (typeof index !== 'number') throw error;
        return inserted + index;
      }
      inserted += group.length;
    }
    return inserted;
  }

  /**
   * Moves each tenant's head forwards to the given record, in one command; a head already at or past it stays.
   * Returns how many heads did not move (another writer got there first). Only a shortcut: the records are the
   * chain, and currentHead() walks on from a head that lags.
   */
  async advanceHeads(heads: (ChainHead & { tenant: string })[]): Promise<number> {
    if (heads.length === 0) return 0;
    try {
      const result = await this.heads.bulkWrite(
        heads.map(({ tenant, sequence, hash }) => ({
          updateOne: { filter: { tenant, sequence: { $lt: sequence } }, update: { $set: { tenant, sequence, hash } }, upsert: true },
        })),
        { ordered: false },
      );
      return heads.length - result.modifiedCount - result.upsertedCount;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (error as { writeErrors?: unknown[] }).writeErrors?.length ?? heads.length;
    }
  }

  async markPublished(eventId: string): Promise<void> {
    await this.records.collection.updateOne({ event_id: eventId }, { $set: { outbox_pending: false } });
  }

  /** Records stored before `olderThan` whose publication was never confirmed, oldest first per tenant. */
  async findUnpublished(olderThan: string, limit: number): Promise<StoredAuditRecord[]> {
    return (
      await this.records
        .find({ outbox_pending: true, recorded_at: { $lt: olderThan } }, NO_ID)
        .sort({ tenant: 1, sequence: 1 })
        .limit(limit)
        .lean<StoredAuditRecord[]>()
        .exec()
    ).map(auditRecordOf);
  }

  /** One page of the tenant's records in chain order, after `afterSequence`. */
  async findPage(tenant: string, filter: AuditRecordFilter, afterSequence: number, limit: number): Promise<StoredAuditRecord[]> {
    return (
      await this.records
        .find(recordQuery(tenant, filter, { $gt: afterSequence }), NO_ID)
        .sort({ sequence: 1 })
        .limit(limit)
        .lean<StoredAuditRecord[]>()
        .exec()
    ).map(auditRecordOf);
  }

  /** One page of the tenant's records in reverse chain order, before `beforeSequence` (from the head when undefined). */
  async findPageNewestFirst(
    tenant: string,
    filter: AuditRecordFilter,
    beforeSequence: number | undefined,
    limit: number,
  ): Promise<StoredAuditRecord[]> {
    return (
      await this.records
        .find(recordQuery(tenant, filter, beforeSequence === undefined ? undefined : { $lt: beforeSequence }), NO_ID)
        .sort({ sequence: -1 })
        .limit(limit)
        .lean<StoredAuditRecord[]>()
        .exec()
    ).map(auditRecordOf);
  }

  /** The recommendations the tenant's records tie to the lead (an erasure also finds their texts that name no lead). */
  async recommendationIdsOfLead(tenant: string, leadId: string): Promise<string[]> {
    const ids: unknown[] = await this.records.distinct('recommendation_id', { tenant, lead_id: leadId }).exec();
    return ids.filter((id): id is string => typeof id === 'string');
  }

  /** The lead each of these recommendations of the tenant belongs to, as its chained records name it (by recommendation id). */
  async leadsOfRecommendations(tenant: string, recommendationIds: readonly string[]): Promise<Map<string, string>> {
    const named = await this.records
      .find(
        { tenant, recommendation_id: { $in: [...new Set(recommendationIds)] }, lead_id: { $exists: true } },
        { _id: 0, recommendation_id: 1, lead_id: 1 },
      )
      .lean<{ recommendation_id: string; lead_id: string }[]>()
      .exec();
    return new Map(named.map(({ recommendation_id, lead_id }) => [recommendation_id, lead_id]));
  }

  async findByRecommendation(tenant: string, recommendationId: string): Promise<StoredAuditRecord[]> {
    return (
      await this.records
        .find({ tenant, recommendation_id: recommendationId }, NO_ID)
        .sort({ sequence: 1 })
        .lean<StoredAuditRecord[]>()
        .exec()
    ).map(auditRecordOf);
  }
}
