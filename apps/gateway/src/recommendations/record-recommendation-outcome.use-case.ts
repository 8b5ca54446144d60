import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { RecommendationRequestRepository, RequestOutcome } from './recommendation-request.repository';
import { ReplyWaiter } from './reply-waiter';

/** Stores the recommender's answer on the request and hands it to the HTTP call waiting for it here, if any. */
@Injectable()
export class RecordRecommendationOutcomeUseCase {
  constructor(
    private readonly requests: RecommendationRequestRepository,
    private readonly replies: ReplyWaiter,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RecordRecommendationOutcomeUseCase.name);
  }

  async execute(tenant: string, recommendationId: string, outcome: RequestOutcome): Promise<void> {
    const changed = await this.requests.settle(tenant, recommendationId, outcome);
    this.logger.info({ status: outcome.status, duplicate: !changed }, 'recommendation outcome recorded');
    this.replies.deliver(recommendationId, outcome);
  }
}
