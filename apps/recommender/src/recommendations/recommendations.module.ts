import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { GenerateRecommendationUseCase } from './generate-recommendation.use-case';
import { RecommendationRequestsConsumer } from './recommendation-requests.consumer';
import { RecommendationRecord, RecommendationSchema } from './recommendation.schema';
import { RecommendationRepository } from './recommendation.repository';

@Module({
  imports: [MongooseModule.forFeature([{ name: RecommendationRecord.name, schema: RecommendationSchema }])],
  controllers: [RecommendationRequestsConsumer],
  providers: [RecommendationRepository, GenerateRecommendationUseCase],
})
export class RecommendationsModule {}
