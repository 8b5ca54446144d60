import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo } from 'mongoose';
import { BoundedMap } from '@followup/config';
import { ERASED_TEXT, ErrorCode, FollowupError } from '@followup/contracts';
import { awaitClaimOwner, eraseFields, GroupInsert, GroupUpdate } from '@followup/persistence';
import { RecommendationRequestRecord } from './recommendation-request.schema';
import { CLAIMED_TEXTS, withTextsErased } from './recommendation-texts';
import { RecommendationTransitionRecord } from './recommendation-transition.schema';

/** A stored recommendation record as a change is decided on (without the copy of the first request). */
export type VersionedRecommendation = Omit<RecommendationRequestRecord, 'requested_event'>;

type ChangeableField = Exclude<
  keyof RecommendationRequestRecord,
  'recommendation_id' | 'tenant' | 'lead_id' | 'version' | 'created_at' | 'updated_at'
>;

/** `outbox_pending` as a change leaves it, when the change writes `outbox`: what the outbox relay finds records by. */
function outboxFlag({ set, unset = [] }: RecordChange): { outbox_pending?: boolean } {
  if (unset.includes('outbox')) return { outbox_pending: false };
  return 'outbox' in set ? { outbox_pending: set.outbox != null } : {};
}

/** Fields to set and to remove, all at once. */
export interface RecordChange {
  set: Partial<Pick<RecommendationRequestRecord, ChangeableField>>;
  unset?: ChangeableField[];
}

/** What a decision on the current record comes to: its answer to the caller and the change to make, if any. */
export interface Decision<T> {
  result: T;
  change?: RecordChange;
  /**
   * A decision to change nothing that no later step can turn (a redelivered answer to an attempt the record shows
   * answered): trusted without looking for a step claimed past the version read.
   */
  final?: boolean;
}

export const MAX_CHANGE_ATTEMPTS = 10;
/** How many records a process remembers as it last read or wrote them, and for how long (see `remembered`). */
export const REMEMBERED_RECORDS = 5_000;
export const REMEMBERED_FOR_MS = 60_000;

const PROJECTION = { _id: 0, __v: 0, requested_event: 0 } as const;

/**
 * The one way a recommendation record changes after it was created, on any number of gateway instances:
 * read the record, decide on it, and make the change only if the record is still at the version read;
 * otherwise decide again on a fresh read (at most MAX_CHANGE_ATTEMPTS times, then 503 SERVICE_UNAVAILABLE).
 *
 * A conditional update `{version: n}` → `{version: n + 1}` cannot be the guard: FerretDB v1 (tests, local runs)
 * reads the document, checks the filter itself and writes the whole document back, without a lock, so two
 * racing conditional updates of one document both succeed (measured: 176 of 200 races) and, for the same
 * reason, any two concurrent updates of one document can lose one. A unique index is enforced by its storage
 * (PostgreSQL) on FerretDB as on MongoDB, so the arbiter is an insert: the change is first stored as the
 * record's transition to version n + 1, which exactly one writer can insert; only that writer, or someone
 * who finds its transition claimed but not yet on the record (a writer that died or is slow), writes it to the
 * record. A decision to change nothing is trusted only when no transition past the version read exists (or when
 * no later step could change it: `final`). A record its lead's erasure marked (`erased_at`) is changed with every text
 * of the change erased (withTextsErased), so an answer or a review still on its way writes none of the lead's texts.
 * Whoever finds a step claimed but not on the record waits up to CLAIM_OWNER_WAIT_MS for its owner to write it before
 * writing it itself: on FerretDB an owner and a finisher writing the same step at once could, if the finisher's
 * next step landed between the two, put the record back one step and lose that next step for good (seen in
 * gateway-version-guard's answer/outbox race).
 */
@Injectable()
export class RecommendationVersions {
  /** By recommendation id, oldest first: the record as this process last read or wrote it, and when. */
  private readonly remembers = new BoundedMap<string, { record: VersionedRecommendation; at: number }>(REMEMBERED_RECORDS);

  private readonly claims: GroupInsert<RecommendationTransitionRecord>;

  private readonly writes: GroupUpdate<RecommendationRequestRecord>;

  constructor(
    @InjectModel(RecommendationRequestRecord.name) private readonly requests: Model<RecommendationRequestRecord>,
    @InjectModel(RecommendationTransitionRecord.name) private readonly transitions: Model<RecommendationTransitionRecord>,
  ) {
    this.claims = new GroupInsert(transitions);
    this.writes = new GroupUpdate(requests);
  }

  /**
   * Decides on the record (null when there is none for this tenant) and applies the decided change; `decide` may
   * run more than once and may throw (its error is the caller's answer). Returns what the applied decision returned.
   * `known`: the record as this caller just wrote it, decided on first instead of reading it (if it has changed
   * since, its next version is claimed already and the change is decided again on a fresh read).
   */
  async change<T>(
    tenant: string,
    recommendationId: string,
    decide: (record: VersionedRecommendation | null) => Decision<T> | Promise<Decision<T>>,
    known?: VersionedRecommendation,
  ): Promise<T> {
    for (let attempt = 1; attempt <= MAX_CHANGE_ATTEMPTS; attempt += 1) {
      const record = attempt === 1 && known ? known : await this.read(tenant, recommendationId);
      const version = record?.version ?? 0;
      let decision: Decision<T>;
      try {
        decision = await decide(record);
      } catch (error) {
        if (record && (await this.finishClaimed(recommendationId, version))) continue;
        throw error;
      }
      if (!decision.change) {
        if (record && !decision.final && (await this.finishClaimed(recommendationId, version))) continue;
        return decision.result;
      }
      if (!record) throw new Error('a change needs an existing record');
      const change = record.erased_at ? withTextsErased(decision.change) : decision.change;
      if (await this.claim(record, version + 1, change)) {
        if (await this.write(recommendationId, version, change)) {
          this.remember(RecommendationVersions.after(record, change));
        } else {
          this.remembers.delete(recommendationId);
          // not at `version` (written by someone else, or put back by an unguarded write), or its group had a miss:
          // read again, and decided again only if the record is gone
          if (!(await this.appliedUpTo(tenant, recommendationId, version + 1))) continue;
        }
        return decision.result;
      }
      await this.finishClaimed(recommendationId, version);
    }
    throw new FollowupError(ErrorCode.ServiceUnavailable, 'The recommendation kept changing. Retry in a moment.', {
      recommendation_id: recommendationId,
    });
  }

  /**
   * Claims the first change of a record not stored yet (its step to version 1): an answer that came before the request
   * it answers was stored, by the instance holding it (RequestRecommendationUseCase.publishThenStore). The next change
   * of the record, once stored, finds the step claimed and writes it first (finishClaimed), as for any claimed step whose
   * owner did not; if the record was stored meanwhile, this writes it now, or, when the record as stored no longer
   * `wanted` it (stored with that very answer), lets the claim go. Either the record's next change finds the claim or
   * this finds the record: each looks after its own write. False when the step was claimed already.
   */
  async claimAhead(
    record: Pick<VersionedRecommendation, 'recommendation_id' | 'tenant' | 'lead_id'>,
    change: RecordChange,
    wanted: (stored: VersionedRecommendation) => boolean,
  ): Promise<boolean> {
    if (!(await this.claim(record, 1, change))) return false;
    const stored = await this.read(record.tenant, record.recommendation_id);
    if (!stored || (stored.version ?? 0) !== 0) return true;
    if (!wanted(stored)) {
      // stored as the change would leave it (its writer had what this claimed): nothing for the next change to write
      await this.transitions.deleteOne({ recommendation_id: record.recommendation_id, version: 1 }).exec();
      return true;
    }
    const written = stored.erased_at ? withTextsErased(change) : change;
    if (await this.write(record.recommendation_id, 0, written)) this.remember(RecommendationVersions.after(stored, written));
    return true;
  }

  /** Erases the lead's texts in the changes claimed for the record (claimAhead's, claimed before a check saw the erasure). */
  async eraseClaimedTexts(recommendationId: string): Promise<void> {
    await eraseFields(this.transitions, { recommendation_id: recommendationId }, CLAIMED_TEXTS, ERASED_TEXT);
  }

  /**
   * The record as this process last read or wrote it, if that was less than REMEMBERED_FOR_MS ago: a `known` for a
   * change that usually follows one made here (a review after the answer, a verdict or a delivery result after an
   * approval). When another instance changed it since, its next version is claimed and the change is decided again
   * on a fresh read, so a stale copy costs commands, never correctness. An erasure changes each of the lead's
   * records through here too (GatewayErasureRepository), so a copy holding texts erased since is outdated like any
   * other and never writes them back.
   */
  remembered(tenant: string, recommendationId: string): VersionedRecommendation | undefined {
    const entry = this.remembers.get(recommendationId);
    if (!entry || entry.record.tenant !== tenant) return undefined;
    if (Date.now() - entry.at > REMEMBERED_FOR_MS) {
      this.remembers.delete(recommendationId);
      return undefined;
    }
    return entry.record;
  }

  private async read(tenant: string, recommendationId: string): Promise<VersionedRecommendation | null> {
    const record = await this.requests
      .findOne({ tenant, recommendation_id: recommendationId }, PROJECTION)
      .lean<VersionedRecommendation>()
      .exec();
    if (record) this.remember(record);
    else this.remembers.delete(recommendationId);
    return record;
  }

  private remember(record: VersionedRecommendation): void {
    this.remembers.set(record.recommendation_id, { record, at: Date.now() });
  }

  /**
   * Forgets the steps claimed before `cutoff`. A claim matters only until its step is on the record, which its owner
   * or the next change does within seconds (a Kafka-driven step is redelivered until it is), so old claims are only
   * a second copy of each change and its texts, growing with every recommendation. Answers how many went.
   */
  async forgetClaimsBefore(cutoff: Date): Promise<number> {
    const { deletedCount } = await this.transitions.deleteMany({ at: { $lt: cutoff } }).exec();
    return deletedCount;
  }

  /** The record as `change` leaves it, for a caller that changes it again right after. */
  static after(record: VersionedRecommendation, { set, unset = [] }: RecordChange): VersionedRecommendation {
    const next: Record<string, unknown> = { ...record, ...set, version: (record.version ?? 0) + 1 };
    for (const field of unset) delete next[field];
    return next as unknown as VersionedRecommendation;
  }

  private async claim(
    record: Pick<VersionedRecommendation, 'recommendation_id' | 'tenant' | 'lead_id'>,
    version: number,
    { set, unset = [] }: RecordChange,
  ): Promise<boolean> {
    const claimed = await this.claims.insert({
      recommendation_id: record.recommendation_id,
      version,
      tenant: record.tenant,
      lead_id: record.lead_id,
      set: mongo.BSON.EJSON.stringify(set),
      unset,
      at: new Date(),
    });
    return claimed.inserted;
  }

  /**
   * Sees the transition from `version` claimed by someone else, if there is one, onto the record: written by its
   * owner within CLAIM_OWNER_WAIT_MS, else (the owner died) by this caller. True when there was one.
   */
  private async finishClaimed(recommendationId: string, version: number): Promise<boolean> {
    const claimed = await this.transitions
      .findOne({ recommendation_id: recommendationId, version: version + 1 }, { _id: 0, set: 1, unset: 1 })
      .lean<Pick<RecommendationTransitionRecord, 'set' | 'unset'>>()
      .exec();
    if (!claimed) return false;
    const change = {
      set: typeof claimed.set === 'string' ? mongo.BSON.EJSON.parse(claimed.set) : claimed.set,
      unset: claimed.unset,
    } as RecordChange;
    const { written, record } = await this.writtenByOwner(recommendationId, version + 1);
    // a step claimed before the lead's erasure marked the record (an answer parked ahead of it) goes without its texts
    if (!written) await this.write(recommendationId, version, record?.erased_at ? withTextsErased(change) : change);
    return true;
  }

  /** Whether the record reaches `version` (or is gone) within CLAIM_OWNER_WAIT_MS, and the record as last read. */
  private async writtenByOwner(recommendationId: string, version: number) {
    const read = () =>
      this.requests
        .findOne({ recommendation_id: recommendationId }, { _id: 0, version: 1, erased_at: 1 })
        .lean<{ version?: number | null; erased_at?: Date }>()
        .exec();
    return awaitClaimOwner(read, (record) => !record || (record.version ?? 0) >= version);
  }

  /**
   * After a claimed change's write found the record elsewhere than the version it was decided on: someone else wrote
   * it already (the record is at `version` or past it), or a write before it was lost (FerretDB lets an unguarded
   * update, the outbox relay's or an erasure's, overwrite one) and the claimed steps up to `version` are written now,
   * in order. False when the record is gone.
   */
  private async appliedUpTo(tenant: string, recommendationId: string, version: number): Promise<boolean> {
    for (let step = 0; step <= MAX_CHANGE_ATTEMPTS; step += 1) {
      const record = await this.read(tenant, recommendationId);
      if (!record) return false;
      if ((record.version ?? 0) >= version || !(await this.finishClaimed(recommendationId, record.version ?? 0))) return true;
    }
    return true;
  }

  /**
   * Puts a claimed change on the record if it is still at `version`. False when it was not (nothing written), or may
   * not have been: it went in a group of writes one of which missed (GroupUpdate). A caller that goes on from a false
   * reads the record first.
   */
  private async write(recommendationId: string, version: number, { set, unset = [] }: RecordChange): Promise<boolean> {
    return this.writes.updateOne(
      // records stored before versions existed have none: they are at version 0
      { recommendation_id: recommendationId, version: version === 0 ? { $in: [0, null] } : version },
      {
        // the relay finds records by `outbox_pending`: set with every write of `outbox`
        $set: { ...set, ...outboxFlag({ set, unset }), version: version + 1 },
        ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((field) => [field, 1])) } : {}),
      },
    );
  }
}
