import { Module } from '@nestjs/common';
import { LeadAnnouncer } from '../leads/lead-announcer';
import { LeadsModule } from '../leads/leads.module';
import { RecommendationRequestRepository } from '../recommendations/recommendation-request.repository';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { OUTBOX_SOURCES } from './outbox-entry';
import { OutboxRelay } from './outbox-relay';

@Module({
  imports: [LeadsModule, RecommendationsModule],
  providers: [
    OutboxRelay,
    {
      provide: OUTBOX_SOURCES,
      inject: [LeadAnnouncer, RecommendationRequestRepository],
      useFactory: (leads: LeadAnnouncer, requests: RecommendationRequestRepository) => [leads, requests],
    },
  ],
  exports: [OutboxRelay],
})
export class OutboxModule {}
