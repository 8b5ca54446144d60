import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SuppressionModule } from '../suppression/suppression.module';
import { HandleInboundSmsUseCase } from './handle-inbound-sms.use-case';
import { InboundSmsRepository } from './inbound-sms.repository';
import { InboundSmsRecord, InboundSmsSchema } from './inbound-sms.schema';
import { SmsInboundController } from './sms-inbound.controller';

/** Calls from the providers themselves (no token; their request signature instead): inbound texts. */
@Module({
  imports: [MongooseModule.forFeature([{ name: InboundSmsRecord.name, schema: InboundSmsSchema }]), SuppressionModule],
  controllers: [SmsInboundController],
  providers: [InboundSmsRepository, HandleInboundSmsUseCase],
})
export class WebhooksModule {}
