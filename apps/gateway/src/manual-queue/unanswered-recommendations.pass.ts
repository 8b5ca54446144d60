import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { RepeatingPass } from '@followup/persistence';
import { QueueUnansweredRecommendationsUseCase } from './queue-unanswered-recommendations.use-case';

/** The longest time between two looks for unanswered requests. */
const MAX_PASS_INTERVAL_MS = 30_000;

/**
 * Looks for requests the recommender has not answered in time (QueueUnansweredRecommendationsUseCase) twice per
 * RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS, and at least every 30 s, so one is queued at most half that late.
 */
@Injectable()
export class UnansweredRecommendationsPass implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly passes = new RepeatingPass(() => this.queueUnanswered(), 0);

  constructor(
    private readonly queue: QueueUnansweredRecommendationsUseCase,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(UnansweredRecommendationsPass.name);
  }

  onApplicationBootstrap(): void {
    this.passes.start(Math.min(this.environment.RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS / 2, MAX_PASS_INTERVAL_MS));
  }

  onApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }

  private async queueUnanswered(): Promise<number> {
    try {
      return await this.queue.execute({ now: new Date() });
    } catch (error) {
      this.logger.warn({ error_name: (error as Error).name }, 'unanswered requests not looked at; trying again at the next pass');
      return 0;
    }
  }
}
