import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AuthenticatedUser, mayAccessLead, ownLeadsOnly, userActor } from '@followup/auth';
import { Environment } from '@followup/config';
import {
  ErrorCode,
  FollowupError,
  LeadStanding,
  RecommendationResult,
  RecommendationReviewedEvent,
  ReviewDecision,
  Topics,
} from '@followup/contracts';
import { createEvent, EventPublisher, PublishFailedError } from '@followup/messaging';
import { fromStoredJson } from '@followup/persistence';
import { LeadOwnershipRepository } from '../leads/lead-ownership.repository';
import { recommendationNotFound } from '../recommendations/get-recommendation.use-case';
import { RecommendationRequestRepository } from '../recommendations/recommendation-request.repository';
import { Decision, RecommendationVersions, RecordChange, VersionedRecommendation } from '../recommendations/recommendation-versions';
import { LifecycleState, lifecycleOf, nextLifecycle } from './lifecycle';
import { decideApproval } from './review-decision';
import { StoredReview } from './review-record';

export type ReviewCommand = {
  user: AuthenticatedUser;
  requestId: string;
  recommendationId: string;
} & ({ action: 'approve'; draftMessage?: string } | { action: 'reject'; reason: string });

export interface ReviewOutcome {
  recommendation_id: string;
  lead_id: string;
  decision: ReviewDecision;
  lifecycle: LifecycleState;
  reviewed_at: string;
}

function notPendingReview(recommendationId: string, lifecycle: string): FollowupError {
  return new FollowupError(ErrorCode.InvalidState, 'The recommendation is not waiting for review.', {
    recommendation_id: recommendationId,
    lifecycle,
  });
}

/**
 * A human approves (as generated or edited) or rejects a recommendation. Checks that the caller may see it
 * (404 for another tenant's, and for a sales rep another rep's lead's) and the state (409), then stores the decision, the new lifecycle state and the
 * `recommendation.reviewed` event in one change, and publishes the event. If the publish fails the decision
 * stands and the outbox relay publishes it later. An approval's outbox is cleared by the next lifecycle step
 * (compliance's verdict, which its publication caused), a rejection's right after the publish.
 */
@Injectable()
export class ReviewRecommendationUseCase {
  constructor(
    private readonly versions: RecommendationVersions,
    private readonly requests: RecommendationRequestRepository,
    private readonly leads: LeadOwnershipRepository,
    private readonly publisher: EventPublisher,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ReviewRecommendationUseCase.name);
  }

  async execute(command: ReviewCommand): Promise<ReviewOutcome> {
    const { user, recommendationId } = command;
    // Decided on the record as it is; if another decision (on any instance) lands first, decided again: a 409.
    const { outcome, event, stored } = await this.versions.change(
      user.tenant,
      recommendationId,
      async (record) => {
        if (!record) throw recommendationNotFound(recommendationId);
        // the owner is read now, whichever copy of the record is decided on (its lead never changes)
        if (ownLeadsOnly(user) && !mayAccessLead(user, await this.leads.ownerOf(user.tenant, record.lead_id))) {
          throw recommendationNotFound(recommendationId);
        }
        const current = lifecycleOf(record);
        if (current !== 'pending_review' || !record.result) throw notPendingReview(recommendationId, current ?? record.status);
        // a rejection's re-analysis decides on the lead as it is now: its owner and consent may have changed since
        const currentLead = command.action === 'reject' ? await this.leads.standingOf(user.tenant, record.lead_id) : undefined;
        return this.decide(command, record, current, record.result, currentLead);
      },
      // usually this process recorded the answer a moment ago: decided on that copy without a read; a copy
      // outdated by anyone's change since (a decision, an erasure) finds its next version claimed and is read again
      this.versions.remembered(user.tenant, recommendationId),
    );

    try {
      await this.publisher.publish(Topics.RecommendationReviewed, outcome.lead_id, event);
      if (outcome.decision === 'rejected') await this.requests.markPublished(user.tenant, recommendationId, event.event_id, stored);
    } catch (error) {
      if (!(error instanceof PublishFailedError)) throw error;
      this.logger.warn(
        { recommendation_id: recommendationId, error_name: error.name },
        'decision stored; publish deferred to the outbox relay',
      );
    }
    this.logger.info(
      {
        recommendation_id: recommendationId,
        lead_id: outcome.lead_id,
        decision: outcome.decision,
        lifecycle: outcome.lifecycle,
        reviewer_role: event.payload.reviewer.role,
        rejection_reason_length: event.payload.rejection_reason?.length,
      },
      'recommendation reviewed',
    );
    return outcome;
  }

  /** The decision, the new lifecycle state and the `recommendation.reviewed` event (as the record's outbox), stored at once. */
  private decide(
    command: ReviewCommand,
    record: VersionedRecommendation,
    current: LifecycleState,
    result: RecommendationResult,
    currentLead: LeadStanding | undefined,
  ): Decision<{ outcome: ReviewOutcome; event: RecommendationReviewedEvent; stored: VersionedRecommendation }> {
    const { user, recommendationId } = command;
    const reviewedAt = new Date();
    const actor = userActor(user);
    const reviewer = { sub: user.sub, role: actor.role };
    const decided =
      command.action === 'approve'
        ? decideApproval(result.draft_message, command.draftMessage)
        : { decision: 'rejected' as const, rejection_reason: command.reason.trim() };
    const next = nextLifecycle(current, { kind: 'reviewed', decision: decided.decision })!;
    const event = createEvent(
      RecommendationReviewedEvent,
      'gateway',
      { request_id: command.requestId, tenant: user.tenant, actor },
      {
        recommendation_id: recommendationId,
        lead_id: record.lead_id,
        reviewer,
        ...decided,
        recommended_channel: result.recommended_channel,
        channel_ranking: fromStoredJson(record.channel_ranking) ?? [],
        ...(currentLead ? { current_lead: currentLead } : {}),
        reviewed_at: reviewedAt.toISOString(),
      },
    );
    const review: StoredReview = { ...decided, reviewer, reviewed_at: reviewedAt, event_id: event.event_id };
    // compliance's verdict on an approval clears its outbox: the relay gives it as long as a caller waits for an answer
    const relayWait = decided.decision === 'rejected' ? 0 : this.environment.RECOMMENDATION_REPLY_TIMEOUT_MS;
    const change: RecordChange = {
      set: {
        review,
        lifecycle: next,
        lifecycle_updated_at: reviewedAt,
        outbox: { topic: Topics.RecommendationReviewed, key: record.lead_id, event },
        outbox_at: new Date(reviewedAt.getTime() + relayWait),
      },
    };
    return {
      result: {
        outcome: {
          recommendation_id: recommendationId,
          lead_id: record.lead_id,
          decision: decided.decision,
          lifecycle: next,
          reviewed_at: reviewedAt.toISOString(),
        },
        event,
        stored: RecommendationVersions.after(record, change),
      },
      change,
    };
  }
}
