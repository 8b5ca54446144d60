import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import {
  ChannelScore,
  Confidence,
  ERASED_TEXT,
  ErrorCode,
  NotificationRequestedEvent,
  RecommendationRequestedEvent,
  RecommendationResult,
  Topics,
} from '@followup/contracts';
import { DueOutbox, OutboxMessage, OutboxRelay, OutboxSource } from '@followup/messaging';
import { blankedTexts, eraseFields, fromStoredJson, GroupInsert, KeysetOrder } from '@followup/persistence';
import {
  outboxEventId,
  RecommendationRequestRecord,
  RecordOutbox,
  RequestedEventMarker,
  StoredOutboxEvent,
} from './recommendation-request.schema';
import { answeredAfterAllNotice } from './gateway-notices';
import { RECOMMENDATION_TEXTS, REQUEST_EVENT_TEXTS, withTextsErased } from './recommendation-texts';
import { Decision, RecommendationVersions, RecordChange, VersionedRecommendation } from './recommendation-versions';

/** A request the AI service failed on: what the manual queue holds. */
const IN_MANUAL_QUEUE = { status: 'failed', 'error.code': ErrorCode.AiServiceUnavailable } as const;

function inManualQueue(record: VersionedRecommendation): boolean {
  return record.status === 'failed' && record.error?.code === ErrorCode.AiServiceUnavailable;
}

/** Recommendations by creation, ties by id: the manual queue's order and the review queue's first. */
export const OLDEST_FIRST = new KeysetOrder('oldest_first', [
  { field: 'created_at', direction: 1, type: 'date' },
  { field: 'recommendation_id', direction: 1, type: 'string' },
]);

/** The manual queue's reason for a request the recommender did not answer in time (QueueUnansweredRecommendationsUseCase). */
export const NO_ANSWER = 'no_answer';

/** Queued for want of an answer and not taken up by a manager: the recommender's answer, when it comes, still completes it. */
function awaitingLateAnswer(record: VersionedRecommendation): boolean {
  return inManualQueue(record) && record.error?.details?.reason === NO_ANSWER && !record.claimed_by;
}

/**
 * Whether an answer to `attempt` settles the record: one to its current attempt while that is pending, or queued for
 * want of an answer and not claimed (awaitingLateAnswer); or an earlier attempt's recommendation while the current
 * one waits. A manager's retry of a request queued for want of an answer leaves the first attempt's request on the
 * bus: the recommender answers it first, and then answers the retry with that same decision, marked with the first
 * attempt. A failure of an earlier attempt settles nothing.
 */
function settledBy(record: VersionedRecommendation, attempt: number, outcome: RequestOutcome): boolean {
  if (record.status !== 'pending' && !awaitingLateAnswer(record)) return false;
  return record.attempt === attempt || (record.attempt > attempt && outcome.status === 'completed');
}

/** Since when the record's current attempt waits for an answer. */
function waitingSince(record: Pick<VersionedRecommendation, 'pending_since' | 'created_at'>): Date {
  return new Date(record.pending_since ?? record.created_at);
}

export type UnansweredRecommendation = Pick<RecommendationRequest, 'tenant' | 'recommendation_id' | 'attempt'>;
/** A change written with a notice as the record's outbox: the notice to publish, and the record as written. */
export interface AnnouncedChange {
  outbox: { topic: typeof Topics.NotificationRequested; key: string; event: NotificationRequestedEvent };
  stored: VersionedRecommendation;
}
/**
 * What an answer did to its request: nothing (a redelivery, an answer nothing waits for; `missing`: no record of it is
 * stored, yet), or settled it, with a notice to publish.
 */
export type Settlement = { settled: false; missing?: true } | { settled: true; announced?: AnnouncedChange };
/** What became of an unanswered request: queued with its notice to publish, or failed as its lead was erased. */
export type UnansweredOutcome = ({ kind: 'queued' } & AnnouncedChange) | { kind: 'erased' };

export type RecommendationRequest = Omit<RecommendationRequestRecord, 'outbox'>;
export type NewRecommendationRequest = Pick<
  RecommendationRequest,
  'recommendation_id' | 'tenant' | 'lead_id' | 'request_id' | 'requested_by' | 'request_fingerprint'
>;
export type QueuedRecommendation = Pick<
  RecommendationRequest,
  'recommendation_id' | 'lead_id' | 'revision_of' | 'error' | 'attempt' | 'claimed_by' | 'claimed_at' | 'created_at' | 'completed_at'
>;
export type RequestOutcome =
  | {
      status: 'completed';
      result: RecommendationResult;
      confidence: Confidence;
      channel_ranking?: ChannelScore[];
      score_factors?: Record<string, number>;
    }
  | { status: 'failed'; error: NonNullable<RecommendationRequest['error']> };

const PROJECTION = { _id: 0, __v: 0, outbox: 0 } as const;

type CompletedOutcome = Extract<RequestOutcome, { status: 'completed' }>;
type StoredOutcome =
  | (Omit<CompletedOutcome, 'channel_ranking' | 'score_factors'> & { channel_ranking?: string; score_factors?: string })
  | Exclude<RequestOutcome, CompletedOutcome>;

/** An outcome as the record keeps it: the ranking and the factors as their JSON texts. */
function storedOutcome(outcome: RequestOutcome): StoredOutcome {
  if (outcome.status !== 'completed') return outcome;
  const { channel_ranking, score_factors, ...rest } = outcome;
  return {
    ...rest,
    ...(channel_ranking ? { channel_ranking: JSON.stringify(channel_ranking) } : {}),
    ...(score_factors ? { score_factors: JSON.stringify(score_factors) } : {}),
  };
}

/** What an answer sets on its request, whichever way it is stored: the outcome and, answered, the wait for a human decision. */
function answeredFields(outcome: RequestOutcome, now: Date) {
  return {
    ...storedOutcome(outcome),
    // an answered recommendation waits for a human decision (review/lifecycle.ts)
    ...(outcome.status === 'completed' ? { lifecycle: 'pending_review' as const, lifecycle_updated_at: now } : {}),
    completed_at: now,
  };
}

/** The answer a stored request records, if it has one. */
export function outcomeOf(stored: Pick<RecommendationRequest, 'status' | 'result' | 'confidence' | 'error'>): RequestOutcome | undefined {
  if (stored.status === 'completed' && stored.result && stored.confidence) {
    return { status: 'completed', result: stored.result, confidence: stored.confidence };
  }
  if (stored.status === 'failed' && stored.error) return { status: 'failed', error: stored.error };
  return undefined;
}

/** How far back a chain of revisions (each the re-analysis of the one before) is followed to the request it started from. */
const MAX_REVISION_CHAIN = 50;

/**
 * The event an outbox holds, or, for a RequestedEventMarker, the record's `requested_event` it points to (written in the
 * same insert); undefined when there is none to publish.
 */
function outboxMessage(outbox: RecordOutbox | null | undefined, requested: string | StoredOutboxEvent['event'] | undefined) {
  if (!outbox) return undefined;
  if ('event' in outbox) return outbox;
  return requested === undefined
    ? undefined
    : { topic: outbox.topic, key: outbox.key, event: fromStoredJson<OutboxMessage['event']>(requested) };
}

/**
 * The recommendation requests, and a source of the service's one outbox relay: every write to a request record goes
 * through its own guard, so it finds its markers and clears them itself.
 */
@Injectable()
export class RecommendationRequestRepository implements OutboxSource, OnModuleInit {
  readonly name = 'recommendation_requests';

  private readonly inserts: GroupInsert<RecommendationRequestRecord>;
  /** Whether this process has flagged the pending outboxes of records stored before `outbox_pending` (flagStoredBefore). */
  private storedBeforeFlagged = false;

  /** Every change of a stored record goes through RecommendationVersions: see there for why. */
  constructor(
    @InjectModel(RecommendationRequestRecord.name) private readonly requests: Model<RecommendationRequestRecord>,
    private readonly versions: RecommendationVersions,
    private readonly relay: OutboxRelay,
  ) {
    this.inserts = new GroupInsert(requests);
  }

  onModuleInit(): void {
    this.relay.register(this);
  }

  /**
   * Stores the request with its event (`json`, the text published) and the outbox marker pointing to it; returns it as
   * stored, for the changes the request makes right after. Undefined when its recommendation id is taken: a repeat of a
   * request made with an `Idempotency-Key`, or this very insert, applied before a failure made GroupInsert try again.
   */
  async createPending(
    request: NewRecommendationRequest,
    outbox: RequestedEventMarker,
    json: string,
  ): Promise<VersionedRecommendation | undefined> {
    return this.insertPending(request, new Date(), { outbox, outbox_pending: true, requested_event: json });
  }

  /**
   * Stores a request published before it was stored, still unanswered, as pending since now: nothing left for the
   * outbox relay. Its lead's texts (the request event's) are left out when the lead was erased meanwhile, and the
   * record is marked so, for the answer's write to erase its own (RecommendationVersions). Undefined when its id is
   * taken: its answer stored it first, or this very insert was applied before a failure made GroupInsert try again.
   */
  async createPublished(
    request: NewRecommendationRequest,
    json: string,
    leadErased: boolean,
  ): Promise<VersionedRecommendation | undefined> {
    const now = new Date();
    return this.insertPending(request, now, { outbox: null, ...(leadErased ? { erased_at: now } : { requested_event: json }) });
  }

  /** A request's first attempt inserted as pending since `now`, with `fields`; undefined when its id is taken. */
  private async insertPending(
    request: NewRecommendationRequest,
    now: Date,
    fields: Pick<RecommendationRequestRecord, 'outbox'> &
      Partial<Pick<RecommendationRequestRecord, 'outbox_pending' | 'requested_event' | 'erased_at'>>,
  ): Promise<VersionedRecommendation | undefined> {
    const created = await this.inserts.insert({ ...request, status: 'pending', pending_since: now, attempt: 1, version: 0, ...fields });
    if (!created.inserted) return undefined;
    // the text stays with the stored record for the outbox relay and the retries; the copy held in memory while the request
    // waits, and remembered after its changes (RecommendationVersions), is the record without it, as its type says
    const { requested_event: _published, ...stored } = created.stored;
    return stored;
  }

  /**
   * Stores a request published before it was stored together with its answer, in one insert, as settle would have
   * left it. A lead erased meanwhile gets the record its erasure leaves: every text erased, no copy of the request.
   * False when its id is taken (its pending record stored first, or this very insert applied before a retry): the
   * answer is then settled on the stored record.
   */
  async createAnswered(request: NewRecommendationRequest, json: string, outcome: RequestOutcome, leadErased: boolean): Promise<boolean> {
    const now = new Date();
    const answered = answeredFields(outcome, now);
    const created = await this.inserts.insert({
      ...request,
      attempt: 1,
      version: 0,
      outbox: null,
      ...answered,
      ...(leadErased ? { ...withTextsErased({ set: answered }).set, erased_at: now } : { requested_event: json }),
    });
    return created.inserted;
  }

  /**
   * Keeps an answer that came before the request it answers was stored, for the instance holding the request to find
   * once it stores it: claimed as the record's first change (RecommendationVersions.claimAhead), with the lead's texts
   * erased when the lead was erased meanwhile. False when that change was claimed already (the record is stored and
   * changing: settle the answer on it).
   */
  async park(tenant: string, leadId: string, recommendationId: string, outcome: RequestOutcome, leadErased: boolean): Promise<boolean> {
    const change: RecordChange = { set: { ...answeredFields(outcome, new Date()), outbox: null } };
    return this.versions.claimAhead(
      { recommendation_id: recommendationId, tenant, lead_id: leadId },
      leadErased ? withTextsErased(change) : change,
      // a request is stored pending, or with its answer (by its holder, from the same answer)
      (stored) => stored.status === 'pending',
    );
  }

  /** Erases the lead's texts in an answer parked for the record (park), its lead found erased once it was parked. */
  async eraseParked(recommendationId: string): Promise<void> {
    await this.versions.eraseClaimedTexts(recommendationId);
  }

  /**
   * Writes an answer parked before the record was stored, if there is one (RecommendationVersions.claimAhead), and
   * returns the record's outcome as it then stands. `known`: the record as just stored, which saves reading it.
   */
  async takeParked(tenant: string, recommendationId: string, known: VersionedRecommendation): Promise<RequestOutcome | undefined> {
    return this.versions.change(tenant, recommendationId, (record) => ({ result: record ? outcomeOf(record) : undefined }), known);
  }

  /**
   * Marks the record erased with its lead, its texts blanked: the change an erasure makes of each of the lead's
   * records (GatewayErasureRepository). Through the guard, so that a change decided on the record as it was, which
   * would write its texts back, is decided again, and every later change is written with its texts erased.
   */
  async markErased(tenant: string, recommendationId: string, erasedAt: Date): Promise<void> {
    await this.versions.change(tenant, recommendationId, (record) => ({
      result: undefined,
      // a change even when there is nothing left to erase: the version must move on
      change: record
        ? {
            set: {
              ...(blankedTexts(record, RECOMMENDATION_TEXTS, ERASED_TEXT) as RecordChange['set']),
              erased_at: record.erased_at ?? erasedAt,
            },
          }
        : undefined,
    }));
  }

  /**
   * Erases a record stored after its lead's erasure had passed (its writer checked the lead before the erasure and
   * stored it after the erasure's second pass): as that erasure would have, the texts of the request's copy too.
   */
  async eraseStoredLate(tenant: string, recommendationId: string): Promise<void> {
    // marked first, through the guard, after any change claimed for it (an answer parked ahead of it): a guarded write
    // deciding on the record before the mark could otherwise put the copy of the request back, texts and all
    await this.markErased(tenant, recommendationId, new Date());
    await eraseFields(
      this.requests,
      { tenant, recommendation_id: recommendationId },
      { blank: RECOMMENDATION_TEXTS, blankInJson: { requested_event: REQUEST_EVENT_TEXTS } },
      ERASED_TEXT,
    );
  }

  /**
   * Clears the outbox once the broker acknowledged this very event (not a later one stored meanwhile). `known`:
   * the record as the caller stored it with that event, which saves reading it (see RecommendationVersions).
   */
  async markPublished(tenant: string, recommendationId: string, eventId: string, known?: VersionedRecommendation): Promise<void> {
    await this.versions.change(
      tenant,
      recommendationId,
      (record) => ({
        result: undefined,
        change:
          record?.outbox && outboxEventId(record.outbox) === eventId
            ? // a pending request's wait for its answer counts from its publication (QueueUnansweredRecommendationsUseCase)
              { set: { outbox: null, ...(record.status === 'pending' ? { pending_since: new Date() } : {}) } }
            : undefined,
      }),
      known,
    );
  }

  async findOne(tenant: string, recommendationId: string): Promise<RecommendationRequest | null> {
    return this.requests.findOne({ tenant, recommendation_id: recommendationId }, PROJECTION).lean<RecommendationRequest>().exec();
  }

  /**
   * Records the recommender's answer once, for the attempt it answers (see settledBy); a redelivered answer, or a
   * failure of an earlier attempt than a manager's retry, finds nothing waiting to settle and changes nothing. `known`:
   * the record as the waiting request stored it (see RecommendationVersions). A recommendation that takes a request
   * out of the manual queue, where it waited for want of an answer, is written with the managers' notice of it
   * (answeredAfterAllNotice) as the record's outbox, which the caller publishes. It takes the place of the notice that
   * the request waits there when that one is still on the record: the record cannot tell an unsent notice from one
   * whose publish went out unacknowledged (a timeout, a crash before the marker was cleared), and managers told of an
   * answer they were not told to wait for are better off than managers left waiting for one that came.
   */
  async settle(
    tenant: string,
    recommendationId: string,
    outcome: RequestOutcome,
    attempt: number,
    known?: VersionedRecommendation,
  ): Promise<Settlement> {
    return this.versions.change(
      tenant,
      recommendationId,
      (record): Decision<Settlement> => {
        if (!record) return { result: { settled: false, missing: true } };
        if (!settledBy(record, attempt, outcome)) {
          // attempts only grow, and an answered attempt is never pending again: a redelivery, whatever steps follow
          const answered = record.attempt > attempt || (record.attempt === attempt && record.status !== 'pending');
          return { result: { settled: false }, final: answered };
        }
        const now = new Date();
        const announce = awaitingLateAnswer(record) && outcome.status === 'completed';
        const notice = announce
          ? { topic: Topics.NotificationRequested, key: record.lead_id, event: answeredAfterAllNotice(record) }
          : undefined;
        const change: RecordChange = {
          set: {
            ...answeredFields(outcome, now),
            // the answer proves the request was published: nothing left for the outbox relay but the managers' notice
            ...(notice ? { outbox: notice, outbox_at: now } : { outbox: null }),
          },
          // a late answer takes the request out of the manual queue
          ...(record.error && outcome.status === 'completed' ? { unset: ['error' as const] } : {}),
        };
        const announced = notice ? { outbox: notice, stored: RecommendationVersions.after(record, change) } : undefined;
        return { result: { settled: true, announced }, change };
      },
      known,
    );
  }

  /**
   * Records a revision of a rejected recommendation as a request of its own, for the same lead and tenant; once,
   * however often the answer is redelivered. An answered revision waits for review; one the AI service failed on
   * waits in the manual queue, with the request it re-analysed (see revisedRequest) for a manager's retry.
   */
  async recordRevision(tenant: string, recommendationId: string, revisionOf: string, outcome: RequestOutcome): Promise<boolean> {
    const original = await this.findOne(tenant, revisionOf);
    if (!original) return false;
    const now = new Date();
    const next =
      outcome.status === 'completed'
        ? { lifecycle: 'pending_review' as const, lifecycle_updated_at: now }
        : { requested_event: await this.revisedRequest(tenant, original, recommendationId) };
    const answered = { ...storedOutcome(outcome), ...next };
    const created = await this.inserts.insert({
      recommendation_id: recommendationId,
      tenant,
      lead_id: original.lead_id,
      request_id: original.request_id,
      requested_by: 'recommender',
      revision_of: revisionOf,
      attempt: 1,
      version: 0,
      outbox: null,
      // a revision arriving after its lead's erasure is stored as erased, as any later change of the record it revises
      ...answered,
      ...(original.erased_at ? { ...withTextsErased({ set: answered }).set, erased_at: original.erased_at } : {}),
      completed_at: now,
    });
    return created.inserted;
  }

  /**
   * The request a revision re-analyses, as the recommender does: the lead and input of the first request its chain of
   * revisions started from (a revision stores that request only when it failed), under the revision's id.
   */
  private async revisedRequest(tenant: string, original: RecommendationRequest, recommendationId: string): Promise<string | undefined> {
    let request: RecommendationRequest | null = original;
    for (let step = 0; request?.requested_event === undefined && request?.revision_of && step < MAX_REVISION_CHAIN; step += 1) {
      request = await this.findOne(tenant, request.revision_of);
    }
    if (request?.requested_event === undefined) return undefined;
    const event = fromStoredJson(request.requested_event) as unknown as RecommendationRequestedEvent;
    return JSON.stringify({ ...event, payload: { ...event.payload, recommendation_id: recommendationId } });
  }

  /** Requests the AI service failed on, the sales managers' manual queue: a page in `order` from `after` (its filter of a cursor). */
  async findManualQueue(
    tenant: string,
    limit: number,
    includeClaimed: boolean,
    order: KeysetOrder,
    after?: FilterQuery<unknown>,
  ): Promise<QueuedRecommendation[]> {
    const inQueue = { tenant, ...IN_MANUAL_QUEUE, ...(includeClaimed ? {} : { claimed_by: { $exists: false } }) };
    return this.requests
      .find(after ? { $and: [inQueue, after] } : inQueue, {
        _id: 0,
        recommendation_id: 1,
        lead_id: 1,
        revision_of: 1,
        error: 1,
        attempt: 1,
        claimed_by: 1,
        claimed_at: 1,
        created_at: 1,
        completed_at: 1,
      })
      .sort(order.sort)
      .limit(limit)
      .lean<QueuedRecommendation[]>()
      .exec();
  }

  /** The request's event as first published, decoded, with what decides whether it may be retried. */
  async findRequestedEvent(tenant: string, recommendationId: string) {
    const found = await this.requests
      .findOne({ tenant, recommendation_id: recommendationId }, { _id: 0, requested_event: 1, attempt: 1, status: 1, error: 1 })
      .lean<Pick<RecommendationRequest, 'requested_event' | 'attempt' | 'status' | 'error'>>()
      .exec();
    if (!found) return null;
    const { requested_event: requested, ...rest } = found;
    return { ...rest, requested_event: fromStoredJson<StoredOutboxEvent['event'] | undefined>(requested) };
  }

  /** Puts a queued request back to pending for the next attempt, with that attempt's event as its outbox; once. */
  async requeue(tenant: string, recommendationId: string, fromAttempt: number, outbox: StoredOutboxEvent): Promise<boolean> {
    return this.versions.change(tenant, recommendationId, (record) =>
      record && inManualQueue(record) && record.attempt === fromAttempt
        ? {
            result: true,
            change: {
              set: { status: 'pending', pending_since: new Date(), attempt: fromAttempt + 1, outbox },
              unset: ['error', 'completed_at', 'claimed_by', 'claimed_at'],
            },
          }
        : { result: false },
    );
  }

  /**
   * Marks a queued request claimed by the manager, with the claim's announcement (`announce`, given the record) as the
   * record's outbox in the same write; undefined when it is not waiting unclaimed in the manual queue.
   */
  async claim(
    tenant: string,
    recommendationId: string,
    managerSub: string,
    announce: (record: VersionedRecommendation) => NotificationRequestedEvent,
  ): Promise<AnnouncedChange | undefined> {
    return this.versions.change(tenant, recommendationId, (record) => {
      if (!record || !inManualQueue(record) || record.claimed_by) return { result: undefined };
      const outbox = { topic: Topics.NotificationRequested, key: record.lead_id, event: announce(record) };
      const change: RecordChange = { set: { claimed_by: managerSub, claimed_at: new Date(), outbox, outbox_at: new Date() } };
      return { result: { outbox, stored: RecommendationVersions.after(record, change) }, change };
    });
  }

  /**
   * Requests whose current attempt has waited for an answer since before `before`, across tenants. Unsent ones (their
   * event still to publish) are not unanswered: left out here, so that however many an outage of Kafka leaves, they do
   * not fill the oldest `limit` and hide the unanswered ones behind them; but for an erased lead's, which
   * queueUnanswered fails instead of letting the relay publish them.
   */
  async findUnanswered(before: Date, limit: number): Promise<UnansweredRecommendation[]> {
    return this.requests
      .find(
        {
          status: 'pending',
          $and: [
            { $or: [{ pending_since: { $lt: before } }, { pending_since: { $exists: false }, created_at: { $lt: before } }] },
            { $or: [{ outbox_pending: { $ne: true } }, { erased_at: { $exists: true } }] },
          ],
        },
        { _id: 0, tenant: 1, recommendation_id: 1, attempt: 1 },
      )
      .sort({ pending_since: 1 })
      .limit(limit)
      .lean<UnansweredRecommendation[]>()
      .exec();
  }

  /**
   * Takes a request to the manual queue with `error` when its attempt `attempt` still waits for an answer since before
   * `before`, with the managers' notice (`announce`, given the record) as the record's outbox in the same write.
   * A request whose own event is still unpublished (Kafka or the publish failing) is unsent, not unanswered: it is
   * left to the outbox relay, and its wait starts once it is published (markPublished). A request of a lead erased
   * meanwhile is failed as the recommender would answer it (LEAD_NOT_FOUND), announced to nobody. Undefined when it
   * was answered, retried or queued meanwhile, or is unsent.
   */
  async queueUnanswered(
    { tenant, recommendation_id: recommendationId, attempt }: UnansweredRecommendation,
    before: Date,
    error: NonNullable<RecommendationRequest['error']>,
    announce: (record: VersionedRecommendation) => NotificationRequestedEvent,
  ): Promise<UnansweredOutcome | undefined> {
    return this.versions.change(tenant, recommendationId, (record): Decision<UnansweredOutcome | undefined> => {
      if (!record || record.status !== 'pending' || record.attempt !== attempt || waitingSince(record) >= before) {
        return { result: undefined };
      }
      const now = new Date();
      if (record.erased_at) {
        const erased = {
          code: ErrorCode.LeadNotFound,
          message: 'The lead was erased.',
          details: { lead_id: record.lead_id, reason: 'erased' },
        };
        return { result: { kind: 'erased' }, change: { set: { status: 'failed', error: erased, completed_at: now, outbox: null } } };
      }
      if (record.outbox_pending) return { result: undefined };
      const outbox = { topic: Topics.NotificationRequested, key: record.lead_id, event: announce(record) };
      const change: RecordChange = { set: { status: 'failed', error, completed_at: now, outbox, outbox_at: now } };
      return { result: { kind: 'queued', outbox, stored: RecommendationVersions.after(record, change) }, change };
    });
  }

  async findDue(olderThan: Date, limit: number): Promise<DueOutbox[]> {
    if (!this.storedBeforeFlagged) {
      await this.flagStoredBefore();
      this.storedBeforeFlagged = true;
    }
    const stale = await this.requests
      .find(
        {
          outbox_pending: true,
          $or: [{ outbox_at: { $lt: olderThan } }, { outbox_at: { $exists: false }, created_at: { $lt: olderThan } }],
        },
        { tenant: 1, recommendation_id: 1, outbox: 1, requested_event: 1 },
      )
      .limit(limit)
      .lean<
        { tenant: string; recommendation_id: string; outbox?: RecordOutbox | null; requested_event?: string | StoredOutboxEvent['event'] }[]
      >()
      .exec();
    // a flagged record with nothing to publish (short of a bug) is left as it is, not cleared
    return stale.flatMap(({ tenant, recommendation_id, outbox, requested_event }) => {
      const message = outboxMessage(outbox, requested_event);
      return message && outbox
        ? [{ messages: [message], clear: () => this.markPublished(tenant, recommendation_id, outboxEventId(outbox)) }]
        : [];
    });
  }

  /**
   * Flags the records stored before `outbox_pending` existed whose outbox still holds an event (left by a crash between
   * a write and its publish), so the relay finds them: once per process, on its relay's first pass (a scan of the
   * collection, which the relay's own query no longer makes). Through the guarded change, which sets the flag with
   * every write of `outbox`. An instance of a build before the flag writes outboxes without it: upgrade every gateway
   * instance together (its claims' text, RecommendationVersions, cannot be read by such a build either).
   */
  private async flagStoredBefore(): Promise<void> {
    const unflagged = await this.requests
      .find({ outbox: { $ne: null }, outbox_pending: { $ne: true } }, { _id: 0, tenant: 1, recommendation_id: 1 })
      .lean<{ tenant: string; recommendation_id: string }[]>()
      .exec();
    for (const { tenant, recommendation_id } of unflagged) {
      await this.versions.change(tenant, recommendation_id, (record) => ({
        result: undefined,
        change: record?.outbox && record.outbox_pending !== true ? { set: { outbox: record.outbox } } : undefined,
      }));
    }
  }
}
