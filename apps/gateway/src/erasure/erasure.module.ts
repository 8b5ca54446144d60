import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EraseLeadUseCase, ErasureRequestsConsumer, LeadErasureStore } from '@followup/messaging';
import { LeadSuppressionsModule } from '../lead-suppressions/lead-suppressions.module';
import { LeadsModule } from '../leads/leads.module';
import { RecommendationRequestRecord, RecommendationRequestSchema } from '../recommendations/recommendation-request.schema';
import { RecommendationTransitionRecord, RecommendationTransitionSchema } from '../recommendations/recommendation-transition.schema';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { GatewayErasureRepository } from './gateway-erasure.repository';

/** `npm run audit:erase`: erases a lead's name, contacts and texts from the gateway's records, and confirms. */
@Module({
  imports: [
    LeadsModule,
    LeadSuppressionsModule,
    RecommendationsModule,
    MongooseModule.forFeature([
      { name: RecommendationRequestRecord.name, schema: RecommendationRequestSchema },
      { name: RecommendationTransitionRecord.name, schema: RecommendationTransitionSchema },
    ]),
  ],
  providers: [ErasureRequestsConsumer, { provide: LeadErasureStore, useClass: GatewayErasureRepository }, EraseLeadUseCase],
})
export class ErasureModule {}
