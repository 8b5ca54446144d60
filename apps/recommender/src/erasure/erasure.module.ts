import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EraseLeadUseCase, ErasedLeadsModule, ErasureRequestsConsumer, LeadErasureStore } from '@followup/messaging';
import { ModelFeedbackRecord, ModelFeedbackSchema } from '../feedback/model-feedback.schema';
import { RecommendationRecord, RecommendationSchema } from '../recommendations/recommendation.schema';
import { ErasedLeadCheck } from './erased-lead-check';
import { RecommenderErasureRepository } from './recommender-erasure.repository';

/**
 * `npm run audit:erase`: erases a lead's texts from the recommender's records, and confirms; notes the lead in
 * `erased_leads`, so what work in flight writes of it afterwards is erased too (ErasedLeadCheck).
 */
@Module({
  imports: [
    ErasedLeadsModule,
    MongooseModule.forFeature([
      { name: RecommendationRecord.name, schema: RecommendationSchema },
      { name: ModelFeedbackRecord.name, schema: ModelFeedbackSchema },
    ]),
  ],
  providers: [
    ErasureRequestsConsumer,
    RecommenderErasureRepository,
    { provide: LeadErasureStore, useExisting: RecommenderErasureRepository },
    EraseLeadUseCase,
    ErasedLeadCheck,
  ],
  exports: [ErasedLeadCheck],
})
export class ErasureModule {}
