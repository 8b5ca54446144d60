import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeadRecord, LeadSchema } from '../leads/lead.schema';
import { RecommendationRequestRecord, RecommendationRequestSchema } from '../recommendations/recommendation-request.schema';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { GeneratedScreeningRecord, GeneratedScreeningSchema } from './generated-screening.schema';
import { GeneratedScreeningRepository } from './generated-screening.repository';
import { LeadOwnershipRepository } from './lead-ownership.repository';
import { ListReviewQueueUseCase } from './list-review-queue.use-case';
import { ReviewController } from './review.controller';
import { ReviewLifecycleConsumer } from './review-lifecycle.consumer';
import { ReviewRecommendationUseCase } from './review-recommendation.use-case';
import { ReviewRepository } from './review.repository';
import { TrackLifecycleUseCase } from './track-lifecycle.use-case';

/**
 * Human review of recommendations: the queue, approve (possibly edited) and reject, and the lifecycle that
 * compliance verdicts and delivery results move along. Works on the recommendations' and leads' records
 * through its own repositories (same collections, review fields only).
 */
@Module({
  imports: [
    RecommendationsModule,
    MongooseModule.forFeature([
      { name: RecommendationRequestRecord.name, schema: RecommendationRequestSchema },
      { name: LeadRecord.name, schema: LeadSchema },
      { name: GeneratedScreeningRecord.name, schema: GeneratedScreeningSchema },
    ]),
  ],
  controllers: [ReviewController, ReviewLifecycleConsumer],
  providers: [
    ReviewRepository,
    LeadOwnershipRepository,
    GeneratedScreeningRepository,
    ReviewRecommendationUseCase,
    ListReviewQueueUseCase,
    TrackLifecycleUseCase,
  ],
})
export class ReviewModule {}
