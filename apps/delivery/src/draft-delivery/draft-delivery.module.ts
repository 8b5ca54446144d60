import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ChannelsModule } from '../channels/channels.module';
import { ContactDirectoryModule } from '../contact-directory/contact-directory.module';
import { DeliverApprovedDraftUseCase } from './deliver-approved-draft.use-case';
import { DeliveryAttemptRecord, DeliveryAttemptSchema } from './delivery-attempt.schema';
import { DeliveryAttemptRepository } from './delivery-attempt.repository';
import { ScreenedDraftsConsumer } from './screened-drafts.consumer';

@Module({
  imports: [
    ContactDirectoryModule,
    ChannelsModule,
    MongooseModule.forFeature([{ name: DeliveryAttemptRecord.name, schema: DeliveryAttemptSchema }]),
  ],
  controllers: [ScreenedDraftsConsumer],
  providers: [DeliveryAttemptRepository, DeliverApprovedDraftUseCase],
})
export class DraftDeliveryModule {}
