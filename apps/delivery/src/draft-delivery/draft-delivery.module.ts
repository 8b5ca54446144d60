import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import {
  ScheduledJobRecord,
  ScheduledJobRunRecord,
  ScheduledJobRunSchema,
  ScheduledJobSchema,
  ScheduledJobStore,
} from '@followup/persistence';
import { ChannelsModule } from '../channels/channels.module';
import { ContactDirectoryModule } from '../contact-directory/contact-directory.module';
import { SendingPolicyModule } from '../sending-policy/sending-policy.module';
import { ApplyProviderReportUseCase } from './apply-provider-report.use-case';
import { ApprovedDeliveryRecord, ApprovedDeliverySchema } from './approved-delivery.schema';
import { ApprovedDeliveryRepository } from './approved-delivery.repository';
import { DeliverApprovedDraftUseCase } from './deliver-approved-draft.use-case';
import { DeliveryAttemptRecord, DeliveryAttemptSchema } from './delivery-attempt.schema';
import { DeliveryAttemptRepository } from './delivery-attempt.repository';
import { DeliveryJobRunner, DeliveryJobStore } from './delivery-jobs';
import { LeadReachRecord, LeadReachSchema } from './lead-reach.schema';
import { LeadReachRepository } from './lead-reach.repository';
import { ScreenedDraftsConsumer } from './screened-drafts.consumer';

@Module({
  imports: [
    ContactDirectoryModule,
    ChannelsModule,
    SendingPolicyModule,
    MongooseModule.forFeature([
      { name: DeliveryAttemptRecord.name, schema: DeliveryAttemptSchema },
      { name: ApprovedDeliveryRecord.name, schema: ApprovedDeliverySchema },
      { name: ScheduledJobRecord.name, schema: ScheduledJobSchema },
      { name: ScheduledJobRunRecord.name, schema: ScheduledJobRunSchema },
      { name: LeadReachRecord.name, schema: LeadReachSchema },
    ]),
  ],
  controllers: [ScreenedDraftsConsumer],
  providers: [
    DeliveryAttemptRepository,
    ApprovedDeliveryRepository,
    LeadReachRepository,
    { provide: ScheduledJobStore, useClass: DeliveryJobStore },
    DeliverApprovedDraftUseCase,
    ApplyProviderReportUseCase,
    DeliveryJobRunner,
  ],
  exports: [DeliverApprovedDraftUseCase, DeliveryAttemptRepository, ApplyProviderReportUseCase],
})
export class DraftDeliveryModule {}
