import { Module } from '@nestjs/common';
import { CallTasksModule } from '../call-tasks/call-tasks.module';
import { RecordProviderOptOutUseCase } from '../suppression/record-provider-opt-out.use-case';
import { SendPermission } from '../suppression/send-permission';
import { SuppressionCheckedAdapter } from '../suppression/suppression-checked-adapter';
import { SuppressionModule } from '../suppression/suppression.module';
import { UnsubscribeModule } from '../unsubscribe/unsubscribe.module';
import { CHANNEL_ADAPTERS, ChannelAdapter } from './channel-adapter';
import { EmailAdapter } from './email.adapter';
import { PhoneCallAdapter } from './phone-call.adapter';
import { SmsAdapter } from './sms.adapter';

/** The adapters, one per channel, provided together as CHANNEL_ADAPTERS, each asking the suppression list right before it sends. */
@Module({
  imports: [CallTasksModule, UnsubscribeModule, SuppressionModule],
  providers: [
    EmailAdapter,
    SmsAdapter,
    PhoneCallAdapter,
    {
      provide: CHANNEL_ADAPTERS,
      inject: [SendPermission, RecordProviderOptOutUseCase, SmsAdapter, EmailAdapter, PhoneCallAdapter],
      useFactory: (permission: SendPermission, providerOptOut: RecordProviderOptOutUseCase, ...adapters: ChannelAdapter[]) =>
        adapters.map((adapter) => new SuppressionCheckedAdapter(adapter, permission, providerOptOut)),
    },
  ],
  exports: [CHANNEL_ADAPTERS],
})
export class ChannelsModule {}
