import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeaseRecord, LeaseSchema } from '@followup/persistence';
import { EngagementLogRepository } from '../engagements/engagement-log.repository';
import { EngagementsModule } from '../engagements/engagements.module';
import { LeadAnnouncer } from '../leads/lead-announcer';
import { LeadsModule } from '../leads/leads.module';
import { RecommendationRequestRepository } from '../recommendations/recommendation-request.repository';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { OUTBOX_SOURCES } from './outbox-entry';
import { OutboxRelay } from './outbox-relay';

@Module({
  imports: [
    LeadsModule,
    RecommendationsModule,
    EngagementsModule,
    MongooseModule.forFeature([{ name: LeaseRecord.name, schema: LeaseSchema }]),
  ],
  providers: [
    OutboxRelay,
    {
      provide: OUTBOX_SOURCES,
      inject: [LeadAnnouncer, RecommendationRequestRepository, EngagementLogRepository],
      useFactory: (leads: LeadAnnouncer, requests: RecommendationRequestRepository, engagements: EngagementLogRepository) => [
        leads,
        requests,
        engagements,
      ],
    },
  ],
  exports: [OutboxRelay],
})
export class OutboxModule {}
