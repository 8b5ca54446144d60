import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SendingPolicyController } from './sending-policy.controller';
import { SendingPolicyRecord, SendingPolicySchema } from './sending-policy.schema';
import { SendingPolicyCache } from './sending-policy-cache';
import { SendingPolicyRepository } from './sending-policy.repository';
import { GetSendingPolicyUseCase, ReplaceSendingPolicyUseCase } from './sending-policy.use-cases';

@Module({
  imports: [MongooseModule.forFeature([{ name: SendingPolicyRecord.name, schema: SendingPolicySchema }])],
  controllers: [SendingPolicyController],
  providers: [SendingPolicyRepository, SendingPolicyCache, GetSendingPolicyUseCase, ReplaceSendingPolicyUseCase],
  exports: [SendingPolicyCache],
})
export class SendingPolicyModule {}
