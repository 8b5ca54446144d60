import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { AuthenticatedUser, userActor } from '@followup/auth';
import { Environment, within } from '@followup/config';
import {
  Confidence,
  ErrorCode,
  FollowupError,
  insufficientDataError,
  MINIMUM_ENGAGEMENT_EVENTS,
  RecommendationRequestedEvent,
  RecommendationResult,
  Topics,
} from '@followup/contracts';
import { createEvent, eventHeaders, EventPublisher } from '@followup/messaging';
import { GetLeadUseCase } from '../leads/get-lead.use-case';
import { LeadErasureCheck } from '../leads/lead-erasure-check';
import { leadStandingOf } from '../leads/lead-fields';
import { idempotentRecommendationId, requestFingerprint } from './idempotency-key';
import { PromptForEngagementDataUseCase } from './prompt-for-engagement-data.use-case';
import { RecommendationRequestDto } from './recommendation.dto';
import { NewRecommendationRequest, outcomeOf, RecommendationRequestRepository, RequestOutcome } from './recommendation-request.repository';
import { RequestedEventMarker } from './recommendation-request.schema';
import { VersionedRecommendation } from './recommendation-versions';
import { PendingReply, ReplyWaiter, recordLookIntervalMs } from './reply-waiter';

export interface RequestRecommendationCommand {
  user: AuthenticatedUser;
  requestId: string;
  request: RecommendationRequestDto;
  /** The `Idempotency-Key` header's key (parseIdempotencyKey), when the caller sent one. */
  idempotencyKey?: string;
}

/** A request ready to go: its record's fields, its event's text, and the outbox marker pointing to that text. */
interface PreparedRequest {
  request: NewRecommendationRequest;
  marker: RequestedEventMarker;
  json: string;
}

export interface RecommendationAnswer {
  recommendation_id: string;
  result: RecommendationResult;
  confidence: Confidence;
  /** Whether this answers a repeat of a request made earlier with the same `Idempotency-Key`. */
  replayed: boolean;
}

/**
 * Checks the lead (a sales rep may ask only for a lead they own: any other is a 404) and the data (too little: 422, and
 * the lead's owner is prompted for more), hands the request to the recommender over Kafka and waits for the answer,
 * storing the request with its event's text: once, with the answer, or before it is published (see publishThenStore
 * and storeThenPublish). A request that is not answered in time is not lost:
 * the caller gets 503 with the recommendation id, and the answer is recorded whenever it comes. Past
 * RECOMMENDATION_MAX_WAITING requests at once an instance refuses the next with 503 before storing it. A request
 * made with an `Idempotency-Key` gets a recommendation id derived from the key, so that a repeat of it (a client
 * retrying after a lost answer) finds the stored one and is answered from it instead of making a second recommendation.
 */
@Injectable()
export class RequestRecommendationUseCase {
  constructor(
    private readonly getLead: GetLeadUseCase,
    private readonly leads: LeadErasureCheck,
    private readonly promptForData: PromptForEngagementDataUseCase,
    private readonly requests: RecommendationRequestRepository,
    private readonly publisher: EventPublisher,
    private readonly replies: ReplyWaiter,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RequestRecommendationUseCase.name);
  }

  /** The requests this instance is handling now: RECOMMENDATION_MAX_WAITING at most. */
  private handling = 0;

  async execute(command: RequestRecommendationCommand): Promise<RecommendationAnswer> {
    if (this.handling >= this.environment.RECOMMENDATION_MAX_WAITING) throw this.busy();
    this.handling += 1;
    try {
      return await this.handle(command);
    } finally {
      this.handling -= 1;
    }
  }

  private async handle({ user, requestId, request, idempotencyKey }: RequestRecommendationCommand): Promise<RecommendationAnswer> {
    const lead = await this.getLead.execute(user, request.lead_id);
    if (request.engagement_history.length < MINIMUM_ENGAGEMENT_EVENTS) {
      await this.promptForData.execute({ user, requestId, lead, eventsFound: request.engagement_history.length });
      throw insufficientDataError(request.engagement_history.length, MINIMUM_ENGAGEMENT_EVENTS);
    }
    const recommendationId =
      idempotencyKey === undefined ? randomUUID() : idempotentRecommendationId(user.tenant, user.sub, idempotencyKey);
    const fingerprint = idempotencyKey === undefined ? undefined : requestFingerprint(idempotencyKey, request);
    const event = createEvent(
      RecommendationRequestedEvent,
      'gateway',
      { request_id: requestId, tenant: user.tenant, actor: userActor(user) },
      {
        recommendation_id: recommendationId,
        lead: { lead_id: lead.lead_id, first_name: lead.first_name, ...leadStandingOf(lead) },
        input: {
          account_tier: request.account_tier ?? lead.account_tier,
          last_engagement_date: request.last_engagement_date,
          engagement_history: request.engagement_history.map(({ type, outcome, occurred_at }) => ({ type, outcome, occurred_at })),
          recent_activity_summary: request.recent_activity_summary,
        },
        requested_at: new Date().toISOString(),
      },
    );
    const json = JSON.stringify(event);
    const record: NewRecommendationRequest = {
      recommendation_id: recommendationId,
      tenant: user.tenant,
      lead_id: lead.lead_id,
      request_id: requestId,
      requested_by: user.sub,
      request_fingerprint: fingerprint,
    };
    const marker: RequestedEventMarker = {
      topic: Topics.RecommendationRequested,
      key: lead.lead_id,
      event_id: event.event_id,
      request_id: requestId,
    };
    const prepared = { request: record, marker, json };
    return idempotencyKey === undefined ? this.publishThenStore(user, prepared) : this.storeThenPublish(user, prepared);
  }

  /**
   * A request made with an `Idempotency-Key`: stored before it is published, so that a repeat of it finds it (and a
   * repeat with other fields is refused) however soon it comes.
   */
  private async storeThenPublish(user: AuthenticatedUser, prepared: PreparedRequest): Promise<RecommendationAnswer> {
    const { request, marker, json } = prepared;
    const { recommendation_id: recommendationId, request_id: requestId } = request;
    const stored = await this.requests.createPending(request, marker, json);
    if (!stored) return this.repeat(user.tenant, recommendationId, request.request_fingerprint);

    const reply = this.replies.expect(recommendationId, requestId, { stored }, this.environment.RECOMMENDATION_REPLY_TIMEOUT_MS);
    if (!(await this.published(reply, prepared))) throw this.unreachable(recommendationId);
    const clear = () => this.requests.markPublished(user.tenant, recommendationId, marker.event_id, stored);
    return this.answerOf(recommendationId, await this.awaitAnswer(reply, clear, user.tenant, recommendationId), false);
  }

  /**
   * A request without a key: published first and stored once, with its answer (the recording of the answer inserts
   * it, RecordRecommendationOutcomeUseCase), which is what nearly every request gets within recordLookIntervalMs;
   * one still unanswered then is stored as pending and waits on as a stored one does (taking an answer another instance
   * parked for it meanwhile). Either way the record exists before the caller is answered, so the id a caller gets can
   * always be followed. A publish Kafka refuses is stored with its outbox, for the relay. An instance stopping between
   * the publish and the store leaves its caller without an answer or an id, and the request unstored: its answer,
   * parked, is never taken, and goes with the old claims (ClaimRetention).
   */
  private async publishThenStore(user: AuthenticatedUser, prepared: PreparedRequest): Promise<RecommendationAnswer> {
    const { request, marker, json } = prepared;
    const { recommendation_id: recommendationId, request_id: requestId } = request;
    const reply = this.replies.expect(
      recommendationId,
      requestId,
      { held: { request, json } },
      this.environment.RECOMMENDATION_REPLY_TIMEOUT_MS,
    );
    if (!(await this.published(reply, prepared))) {
      if (!(await this.requests.createPending(request, marker, json))) return this.storedAlready(user, requestId, recommendationId);
      throw this.unreachable(recommendationId);
    }
    const early = await within(reply.outcome, recordLookIntervalMs(this.environment), () => 'unanswered' as const);
    // an answer delivered here was stored with the request before it was handed on
    if (early !== 'unanswered' && early !== undefined) return this.answerOf(recommendationId, early, false);

    let stored: VersionedRecommendation | undefined;
    try {
      stored = await this.leads.write(
        user.tenant,
        request.lead_id,
        (erased) => this.requests.createPublished(request, json, erased),
        () => this.requests.eraseStoredLate(user.tenant, recommendationId),
      );
    } catch (error) {
      // its caller gets an error without an id: an answer arriving from now on finds nothing held here to store
      reply.cancel();
      throw error;
    }
    if (stored) {
      this.replies.markStored(recommendationId, stored);
      // an answer another instance consumed before the store was parked for it: taken now
      const parked = await this.requests.takeParked(user.tenant, recommendationId, stored);
      if (parked) {
        reply.cancel();
        return this.answerOf(recommendationId, parked, false);
      }
    } else {
      // its answer stored it meanwhile, on this instance or another
      const recorded = await this.settledElsewhere(user.tenant, recommendationId);
      if (recorded) {
        reply.cancel();
        return this.answerOf(recommendationId, recorded, false);
      }
    }
    return this.answerOf(recommendationId, await this.awaitAnswer(reply, undefined, user.tenant, recommendationId), false);
  }

  /**
   * Publishes the request's event; false when Kafka refused it, the wait for its answer given up: the request is then
   * left to the outbox relay, stored with its outbox marker.
   */
  private async published(reply: PendingReply, { request, marker, json }: PreparedRequest): Promise<boolean> {
    try {
      await this.publisher.publishEncoded(Topics.RecommendationRequested, marker.key, json, eventHeaders(request.request_id));
      return true;
    } catch (error) {
      reply.cancel();
      this.logger.warn(
        { recommendation_id: request.recommendation_id, error_name: (error as Error).name },
        'request not published; the outbox relay publishes it',
      );
      return false;
    }
  }

  /**
   * A repeat of a request made with the same `Idempotency-Key`: answered as the first one was (its answer, its error,
   * or, while it is pending, what comes within the reply timeout, read from the stored record), nothing stored or
   * published again. A repeat whose fields differ is refused: the key names another request.
   */
  private async repeat(tenant: string, recommendationId: string, fingerprint: string | undefined): Promise<RecommendationAnswer> {
    const stored = await this.requests.findOne(tenant, recommendationId);
    if (!stored || stored.request_fingerprint === undefined || stored.request_fingerprint !== fingerprint) {
      throw new FollowupError(
        ErrorCode.InvalidState,
        'This Idempotency-Key was sent before with another request. Send a new key with a new request.',
        { reason: 'idempotency_key_reused' },
      );
    }
    const deadline = Date.now() + this.environment.RECOMMENDATION_REPLY_TIMEOUT_MS;
    let outcome = outcomeOf(stored);
    while (!outcome && Date.now() < deadline) {
      const pause = Math.min(recordLookIntervalMs(this.environment), deadline - Date.now());
      await new Promise((resolve) => setTimeout(resolve, pause));
      outcome = await this.settledElsewhere(tenant, recommendationId);
    }
    return this.answerOf(recommendationId, outcome, true);
  }

  /**
   * A random id found taken: this very request's insert, applied before a failure made the insert be tried again. It
   * is stored and the outbox relay publishes it, so the caller gets its id to follow, as for a publish that failed.
   */
  private async storedAlready(user: AuthenticatedUser, requestId: string, recommendationId: string): Promise<never> {
    const stored = await this.requests.findOne(user.tenant, recommendationId);
    if (stored?.request_id !== requestId || stored.requested_by !== user.sub) throw new Error('recommendation_id already taken');
    throw this.unreachable(recommendationId);
  }

  private answerOf(recommendationId: string, outcome: RequestOutcome | undefined, replayed: boolean): RecommendationAnswer {
    if (!outcome) {
      throw this.stillPending(recommendationId, 'The recommendation is taking longer than expected and will complete in the background.');
    }
    if (outcome.status === 'failed') {
      throw new FollowupError(outcome.error.code, outcome.error.message, { ...outcome.error.details, recommendation_id: recommendationId });
    }
    return { recommendation_id: recommendationId, result: outcome.result, confidence: outcome.confidence, replayed };
  }

  /**
   * The answer to a stored request. Each half of the outbox relay's interval without it, the request looks at its
   * stored record: the first time, for a request stored before it was published, it clears the outbox itself (`clear`:
   * the relay would soon publish the request again; the answer's write clears it otherwise), and every time it takes an
   * answer recorded there by another instance (this one's reply consumer may not have joined yet, or may have failed
   * to record it), instead of waiting for the timeout.
   */
  private async awaitAnswer(
    reply: PendingReply,
    clear: (() => Promise<void>) | undefined,
    tenant: string,
    recommendationId: string,
  ): Promise<RequestOutcome | undefined> {
    let cleared = false;
    for (;;) {
      const outcome = await within(reply.outcome, recordLookIntervalMs(this.environment), () => 'unanswered' as const);
      if (outcome !== 'unanswered' && outcome !== undefined) return outcome;
      if (clear && !cleared) {
        await clear();
        cleared = true;
      }
      const recorded = await this.settledElsewhere(tenant, recommendationId);
      if (recorded || outcome === undefined) {
        reply.cancel();
        return recorded;
      }
    }
  }

  /** The answer as another instance recorded it, if it has. */
  private async settledElsewhere(tenant: string, recommendationId: string): Promise<RequestOutcome | undefined> {
    const stored = await this.requests.findOne(tenant, recommendationId);
    return stored ? outcomeOf(stored) : undefined;
  }

  /**
   * Refused before anything is stored or published: past its capacity a stack answers later and later, and each
   * request it accepts then would wait out the reply timeout while the work it started went on without a caller.
   */
  private busy(): FollowupError {
    return new FollowupError(
      ErrorCode.ServiceUnavailable,
      'Too many recommendations are being prepared right now. Retry after a few minutes.',
      {
        reason: 'busy',
        retry_after_seconds: this.environment.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
      },
    );
  }

  private unreachable(recommendationId: string): FollowupError {
    return this.stillPending(recommendationId, 'The recommendation service cannot be reached right now.');
  }

  private stillPending(recommendationId: string, reason: string): FollowupError {
    const retryAfter = this.environment.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS;
    return new FollowupError(ErrorCode.ServiceUnavailable, `${reason} Retry after a few minutes.`, {
      recommendation_id: recommendationId,
      status_url: `/api/v1/ai/followup/recommendations/${recommendationId}`,
      retry_after_seconds: retryAfter,
    });
  }
}
