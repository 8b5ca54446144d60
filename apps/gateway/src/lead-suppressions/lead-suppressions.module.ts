import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeadRecord, LeadSchema } from '../leads/lead.schema';
import { LeadSuppressionRecord, LeadSuppressionSchema } from './lead-suppression.schema';
import { LeadSuppressionRepository } from './lead-suppression.repository';
import { SuppressionChangesConsumer } from './suppression-changes.consumer';

/** Which of a lead's channels are on delivery's suppression list, from `suppression.changed`. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: LeadSuppressionRecord.name, schema: LeadSuppressionSchema },
      // read only whether a lead is erased
      { name: LeadRecord.name, schema: LeadSchema },
    ]),
  ],
  controllers: [SuppressionChangesConsumer],
  providers: [LeadSuppressionRepository],
  exports: [LeadSuppressionRepository],
})
export class LeadSuppressionsModule {}
