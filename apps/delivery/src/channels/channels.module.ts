import { Module } from '@nestjs/common';
import { CallTasksModule } from '../call-tasks/call-tasks.module';
import { UnsubscribeModule } from '../unsubscribe/unsubscribe.module';
import { CHANNEL_ADAPTERS, ChannelAdapter } from './channel-adapter';
import { EmailAdapter } from './email.adapter';
import { PhoneCallAdapter } from './phone-call.adapter';
import { SmsAdapter } from './sms.adapter';

/** The adapters, one per channel, provided together as CHANNEL_ADAPTERS. */
@Module({
  imports: [CallTasksModule, UnsubscribeModule],
  providers: [
    EmailAdapter,
    SmsAdapter,
    PhoneCallAdapter,
    {
      provide: CHANNEL_ADAPTERS,
      inject: [SmsAdapter, EmailAdapter, PhoneCallAdapter],
      useFactory: (...adapters: ChannelAdapter[]) => adapters,
    },
  ],
  exports: [CHANNEL_ADAPTERS],
})
export class ChannelsModule {}
