import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeaseRecord, LeaseSchema } from '@followup/persistence';
import { DraftingModule } from '../drafting/drafting.module';
import { ErasureModule } from '../erasure/erasure.module';
import { ModelFeedbackRecord, ModelFeedbackSchema } from '../feedback/model-feedback.schema';
import { ModelFeedbackRepository } from '../feedback/model-feedback.repository';
import { ReanalyzeRejectedUseCase } from '../feedback/reanalyze-rejected.use-case';
import { RetriedRevisions } from '../feedback/retried-revisions';
import { ReviewsConsumer } from '../feedback/reviews.consumer';
import { ChannelObservationRecord, ChannelObservationSchema } from '../learning/channel-observation.schema';
import { ChannelObservationRepository } from '../learning/channel-observation.repository';
import { LearnFromOutcomesUseCase } from '../learning/learn-from-outcomes.use-case';
import { OutcomesConsumer } from '../learning/outcomes.consumer';
import { TierPriors } from '../learning/tier-priors';
import { ModelRetrainScheduler } from '../models/model-retrain.scheduler';
import { ModelSnapshotRecord, ModelSnapshotSchema } from '../models/model-snapshot.schema';
import { ModelSnapshotRepository } from '../models/model-snapshot.repository';
import { PriorityModels } from '../models/priority-models';
import { RetrainModelsUseCase } from '../models/retrain-models.use-case';
import { SuppressionModule } from '../suppression/suppression.module';
import { GenerateRecommendationUseCase } from './generate-recommendation.use-case';
import { RecommendationRequestsConsumer } from './recommendation-requests.consumer';
import { RecommendationRecord, RecommendationSchema } from './recommendation.schema';
import { RecommendationRepository } from './recommendation.repository';

@Module({
  imports: [
    DraftingModule,
    ErasureModule,
    SuppressionModule,
    MongooseModule.forFeature([
      { name: RecommendationRecord.name, schema: RecommendationSchema },
      { name: ChannelObservationRecord.name, schema: ChannelObservationSchema },
      { name: ModelFeedbackRecord.name, schema: ModelFeedbackSchema },
      { name: ModelSnapshotRecord.name, schema: ModelSnapshotSchema },
      { name: LeaseRecord.name, schema: LeaseSchema },
    ]),
  ],
  controllers: [RecommendationRequestsConsumer, OutcomesConsumer, ReviewsConsumer],
  providers: [
    RecommendationRepository,
    GenerateRecommendationUseCase,
    ChannelObservationRepository,
    TierPriors,
    LearnFromOutcomesUseCase,
    ModelFeedbackRepository,
    ReanalyzeRejectedUseCase,
    RetriedRevisions,
    ModelSnapshotRepository,
    PriorityModels,
    RetrainModelsUseCase,
    ModelRetrainScheduler,
  ],
})
export class RecommendationsModule {}
