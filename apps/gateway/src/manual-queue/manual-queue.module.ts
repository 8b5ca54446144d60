import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { ClaimQueuedRecommendationUseCase } from './claim-queued-recommendation.use-case';
import { ListManualQueueUseCase } from './list-manual-queue.use-case';
import { ManualQueueController } from './manual-queue.controller';
import { QueueUnansweredRecommendationsUseCase } from './queue-unanswered-recommendations.use-case';
import { RetryQueuedRecommendationUseCase } from './retry-queued-recommendation.use-case';
import { UnansweredRecommendationsPass } from './unanswered-recommendations.pass';

@Module({
  imports: [RecommendationsModule, LeadsModule],
  controllers: [ManualQueueController],
  providers: [
    ListManualQueueUseCase,
    RetryQueuedRecommendationUseCase,
    ClaimQueuedRecommendationUseCase,
    QueueUnansweredRecommendationsUseCase,
    UnansweredRecommendationsPass,
  ],
})
export class ManualQueueModule {}
