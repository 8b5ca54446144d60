import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AuthenticatedUser, mayAccessLead, userActor } from '@followup/auth';
import { ErrorCode, FollowupError, RecommendationReviewedEvent, ReviewDecision, Topics } from '@followup/contracts';
import { createEvent, EventPublisher, PublishFailedError } from '@followup/messaging';
import { LeadOwnershipRepository } from '../leads/lead-ownership.repository';
import { recommendationNotFound } from '../recommendations/get-recommendation.use-case';
import { RecommendationLocks } from '../recommendations/recommendation-locks';
import { LifecycleState, lifecycleOf, nextLifecycle } from './lifecycle';
import { decideApproval } from './review-decision';
import { StoredReview } from './review-record';
import { ReviewRepository } from './review.repository';

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
 * `recommendation.reviewed` event in one write, and publishes the event. If the publish fails the decision
 * stands and the outbox relay publishes it later.
 */
@Injectable()
export class ReviewRecommendationUseCase {
  constructor(
    private readonly recommendations: ReviewRepository,
    private readonly leads: LeadOwnershipRepository,
    private readonly publisher: EventPublisher,
    private readonly locks: RecommendationLocks,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ReviewRecommendationUseCase.name);
  }

  execute(command: ReviewCommand): Promise<ReviewOutcome> {
    return this.locks.run(command.recommendationId, () => this.decide(command));
  }

  private async decide(command: ReviewCommand): Promise<ReviewOutcome> {
    const { user, recommendationId } = command;
    const record = await this.recommendations.findOne(user.tenant, recommendationId);
    if (!record) throw recommendationNotFound(recommendationId);
    if (!mayAccessLead(user, await this.leads.ownerOf(user.tenant, record.lead_id))) throw recommendationNotFound(recommendationId);
    const current = lifecycleOf(record);
    if (current !== 'pending_review' || !record.result) throw notPendingReview(recommendationId, current ?? record.status);

    const reviewedAt = new Date();
    const actor = userActor(user);
    const reviewer = { sub: user.sub, role: actor.role };
    const decided =
      command.action === 'approve'
        ? decideApproval(record.result.draft_message, command.draftMessage)
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
        recommended_channel: record.result.recommended_channel,
        channel_ranking: record.channel_ranking ?? [],
        reviewed_at: reviewedAt.toISOString(),
      },
    );
    const review: StoredReview = { ...decided, reviewer, reviewed_at: reviewedAt, event_id: event.event_id };
    const stored = await this.recommendations.recordDecision(user.tenant, recommendationId, review, next, {
      topic: Topics.RecommendationReviewed,
      key: record.lead_id,
      event,
    });
    if (!stored) {
      // Someone else decided between our read and our write.
      const now = await this.recommendations.findOne(user.tenant, recommendationId);
      throw notPendingReview(recommendationId, (now && lifecycleOf(now)) ?? 'unknown');
    }

    try {
      await this.publisher.publish(Topics.RecommendationReviewed, record.lead_id, event);
      await this.recommendations.markPublished(recommendationId, event.event_id);
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
        lead_id: record.lead_id,
        decision: decided.decision,
        lifecycle: next,
        reviewer_role: reviewer.role,
        rejection_reason_length: 'rejection_reason' in decided ? decided.rejection_reason.length : undefined,
      },
      'recommendation reviewed',
    );
    return {
      recommendation_id: recommendationId,
      lead_id: record.lead_id,
      decision: decided.decision,
      lifecycle: next,
      reviewed_at: reviewedAt.toISOString(),
    };
  }
}
