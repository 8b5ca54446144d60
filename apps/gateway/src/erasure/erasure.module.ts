import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EraseLeadUseCase, ErasureRequestsConsumer, LeadErasureStore } from '@followup/messaging';
import { LeadSuppressionRecord, LeadSuppressionSchema } from '../lead-suppressions/lead-suppression.schema';
import { LeadsModule } from '../leads/leads.module';
import { RecommendationRequestRecord, RecommendationRequestSchema } from '../recommendations/recommendation-request.schema';
import { RecommendationTransitionRecord, RecommendationTransitionSchema } from '../recommendations/recommendation-transition.schema';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { GatewayErasureRepository } from './gateway-erasure.repository';

/** `npm run audit:erase`: erases a lead's name, contacts and texts from the gateway's records, and confirms. */
@Module({
  imports: [
    LeadsModule,
    RecommendationsModule,
    MongooseModule.forFeature([
      { name: RecommendationRequestRecord.name, schema: RecommendationRequestSchema },
      { name: RecommendationTransitionRecord.name, schema: RecommendationTransitionSchema },
      { name: LeadSuppressionRecord.name, schema: LeadSuppressionSchema },
    ]),
  ],
  providers: [ErasureRequestsConsumer, { provide: LeadErasureStore, useClass: GatewayErasureRepository }, EraseLeadUseCase],
})
export class ErasureModule {}
