import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EraseLeadUseCase, ErasureRequestsConsumer, LeadErasureStore } from '@followup/messaging';
import { CallTaskRecord, CallTaskSchema } from '../call-tasks/call-task.schema';
import { ContactRecord, ContactSchema } from '../contact-directory/contact.schema';
import { ApprovedDeliveryRecord, ApprovedDeliverySchema } from '../draft-delivery/approved-delivery.schema';
import { DeliveryAttemptRecord, DeliveryAttemptSchema } from '../draft-delivery/delivery-attempt.schema';
import { SuppressionRecord, SuppressionSchema } from '../suppression/suppression.schema';
import { DeliveryErasureRepository } from './delivery-erasure.repository';

/** `npm run audit:erase`: erases a lead's contact entry, call-task and approval texts and its opt-outs' reasons here, and confirms. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ContactRecord.name, schema: ContactSchema },
      { name: CallTaskRecord.name, schema: CallTaskSchema },
      { name: ApprovedDeliveryRecord.name, schema: ApprovedDeliverySchema },
      { name: DeliveryAttemptRecord.name, schema: DeliveryAttemptSchema },
      { name: SuppressionRecord.name, schema: SuppressionSchema },
    ]),
  ],
  providers: [ErasureRequestsConsumer, { provide: LeadErasureStore, useClass: DeliveryErasureRepository }, EraseLeadUseCase],
})
export class ErasureModule {}
