import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeadsModule } from '../leads/leads.module';
import { ClaimRetention } from './claim-retention';
import { GetRecommendationUseCase } from './get-recommendation.use-case';
import { InstanceReplyListener } from './instance-reply-listener';
import { RecommendationOutcomesConsumer } from './recommendation-outcomes.consumer';
import { RecommendationRequestRecord, RecommendationRequestSchema } from './recommendation-request.schema';
import { RecommendationRequestRepository } from './recommendation-request.repository';
import { RecommendationTransitionRecord, RecommendationTransitionSchema } from './recommendation-transition.schema';
import { RecommendationVersions } from './recommendation-versions';
import { RecommendationsController } from './recommendations.controller';
import { RecordOutboxPublisher } from './record-outbox-publisher';
import { RecordRecommendationOutcomeUseCase } from './record-recommendation-outcome.use-case';
import { ReplyWaiter } from './reply-waiter';
import { PromptForEngagementDataUseCase } from './prompt-for-engagement-data.use-case';
import { RequestRecommendationUseCase } from './request-recommendation.use-case';

@Module({
  imports: [
    LeadsModule,
    MongooseModule.forFeature([
      { name: RecommendationRequestRecord.name, schema: RecommendationRequestSchema },
      { name: RecommendationTransitionRecord.name, schema: RecommendationTransitionSchema },
    ]),
  ],
  controllers: [RecommendationsController, RecommendationOutcomesConsumer],
  providers: [
    RecommendationVersions,
    ClaimRetention,
    RecommendationRequestRepository,
    ReplyWaiter,
    InstanceReplyListener,
    RequestRecommendationUseCase,
    PromptForEngagementDataUseCase,
    GetRecommendationUseCase,
    RecordRecommendationOutcomeUseCase,
    RecordOutboxPublisher,
  ],
  exports: [RecommendationRequestRepository, RecommendationVersions, GetRecommendationUseCase, RecordOutboxPublisher],
})
export class RecommendationsModule {}
