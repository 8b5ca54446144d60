import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { RecommendationRequestRepository, RequestOutcome } from './recommendation-request.repository';
import { ReplyWaiter } from './reply-waiter';

export interface RecommenderAnswer {
  tenant: string;
  recommendationId: string;
  outcome: RequestOutcome;
  attempt?: number;
  /** The rejected recommendation a revision re-analyses; the revision becomes a request of its own. */
  revisionOf?: string;
}

/**
 * Stores the recommender's answer on the request and hands it to the HTTP call waiting for it here, if any.
 * A revision after a rejection has no request of its own yet: it is recorded as a new one, ready for review.
 */
@Injectable()
export class RecordRecommendationOutcomeUseCase {
  constructor(
    private readonly requests: RecommendationRequestRepository,
    private readonly replies: ReplyWaiter,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RecordRecommendationOutcomeUseCase.name);
  }

  async execute({ tenant, recommendationId, outcome, attempt = 1, revisionOf }: RecommenderAnswer): Promise<void> {
    const changed =
      revisionOf && outcome.status === 'completed'
        ? await this.requests.recordRevision(tenant, recommendationId, revisionOf, outcome)
        : await this.requests.settle(tenant, recommendationId, outcome, attempt);
    this.logger.info({ status: outcome.status, duplicate: !changed, revision_of: revisionOf }, 'recommendation outcome recorded');
    this.replies.deliver(recommendationId, outcome);
  }
}
