import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RecommendationRequestRecord, RecommendationRequestSchema } from '../recommendations/recommendation-request.schema';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';
import { GetDashboardUseCase } from './get-dashboard.use-case';

/** The sales manager's dashboard: counts over the gateway's own recommendation records (read only). */
@Module({
  imports: [MongooseModule.forFeature([{ name: RecommendationRequestRecord.name, schema: RecommendationRequestSchema }])],
  controllers: [DashboardController],
  providers: [DashboardRepository, GetDashboardUseCase],
})
export class DashboardModule {}
