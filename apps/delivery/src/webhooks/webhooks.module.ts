import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DraftDeliveryModule } from '../draft-delivery/draft-delivery.module';
import { SuppressionModule } from '../suppression/suppression.module';
import { BounceTokenRepository } from './bounce-token.repository';
import { BounceTokenRecord, BounceTokenSchema } from './bounce-token.schema';
import { EmailBounceController } from './email-bounce.controller';
import { HandleEmailBounceUseCase } from './handle-email-bounce.use-case';
import { HandleInboundSmsUseCase } from './handle-inbound-sms.use-case';
import { HandleSmsStatusUseCase } from './handle-sms-status.use-case';
import { InboundSmsRepository } from './inbound-sms.repository';
import { InboundSmsRecord, InboundSmsSchema } from './inbound-sms.schema';
import { SmsInboundController } from './sms-inbound.controller';
import { SmsStatusController } from './sms-status.controller';

/** Calls from the providers themselves (no token; their request signature instead): inbound texts, status callbacks, bounces. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: InboundSmsRecord.name, schema: InboundSmsSchema },
      { name: BounceTokenRecord.name, schema: BounceTokenSchema },
    ]),
    SuppressionModule,
    DraftDeliveryModule,
  ],
  controllers: [SmsInboundController, SmsStatusController, EmailBounceController],
  providers: [InboundSmsRepository, BounceTokenRepository, HandleInboundSmsUseCase, HandleSmsStatusUseCase, HandleEmailBounceUseCase],
})
export class WebhooksModule {}
