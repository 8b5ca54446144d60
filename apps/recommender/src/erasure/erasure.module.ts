import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EraseLeadUseCase, ErasureRequestsConsumer, LeadErasureStore } from '@followup/messaging';
import { ModelFeedbackRecord, ModelFeedbackSchema } from '../feedback/model-feedback.schema';
import { RecommendationRecord, RecommendationSchema } from '../recommendations/recommendation.schema';
import { RecommenderErasureRepository } from './recommender-erasure.repository';

/** `npm run audit:erase`: erases a lead's texts from the recommender's records, and confirms. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: RecommendationRecord.name, schema: RecommendationSchema },
      { name: ModelFeedbackRecord.name, schema: ModelFeedbackSchema },
    ]),
  ],
  controllers: [ErasureRequestsConsumer],
  providers: [{ provide: LeadErasureStore, useClass: RecommenderErasureRepository }, EraseLeadUseCase],
})
export class ErasureModule {}
