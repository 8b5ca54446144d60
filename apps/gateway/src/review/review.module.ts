import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeadsModule } from '../leads/leads.module';
import { RecommendationRequestRecord, RecommendationRequestSchema } from '../recommendations/recommendation-request.schema';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { GeneratedScreeningRecord, GeneratedScreeningSchema } from './generated-screening.schema';
import { GeneratedScreeningRepository } from './generated-screening.repository';
import { ListReviewQueueUseCase } from './list-review-queue.use-case';
import { ReviewController } from './review.controller';
import { ReviewLifecycleConsumer } from './review-lifecycle.consumer';
import { ReviewRecommendationUseCase } from './review-recommendation.use-case';
import { ReviewRepository } from './review.repository';
import { TrackLifecycleUseCase } from './track-lifecycle.use-case';
import { RequestMoreDataUseCase } from './request-more-data.use-case';

/**
 * Human review of recommendations: the queue, approve (possibly edited) and reject, and the lifecycle that
 * compliance verdicts and delivery results move along. Works on the recommendations' records through its
 * own repository (same collection, review fields only); who owns a lead comes from the leads module.
 */
@Module({
  imports: [
    LeadsModule,
    RecommendationsModule,
    MongooseModule.forFeature([
      { name: RecommendationRequestRecord.name, schema: RecommendationRequestSchema },
      { name: GeneratedScreeningRecord.name, schema: GeneratedScreeningSchema },
    ]),
  ],
  controllers: [ReviewController, ReviewLifecycleConsumer],
  providers: [
    ReviewRepository,
    GeneratedScreeningRepository,
    ReviewRecommendationUseCase,
    ListReviewQueueUseCase,
    TrackLifecycleUseCase,
    RequestMoreDataUseCase,
  ],
})
export class ReviewModule {}
