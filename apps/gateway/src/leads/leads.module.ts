import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeadSuppressionsModule } from '../lead-suppressions/lead-suppressions.module';
import { GetLeadUseCase } from './get-lead.use-case';
import { LeadAnnouncer } from './lead-announcer';
import { LeadView } from './lead-view';
import { LeadOwnershipRepository } from './lead-ownership.repository';
import { LeadRepository } from './lead.repository';
import { LeadRecord, LeadSchema } from './lead.schema';
import { LeadsController } from './leads.controller';
import { UpsertLeadUseCase } from './upsert-lead.use-case';

@Module({
  imports: [MongooseModule.forFeature([{ name: LeadRecord.name, schema: LeadSchema }]), LeadSuppressionsModule],
  controllers: [LeadsController],
  providers: [LeadRepository, LeadView, LeadOwnershipRepository, LeadAnnouncer, UpsertLeadUseCase, GetLeadUseCase],
  exports: [GetLeadUseCase, LeadOwnershipRepository, LeadAnnouncer, LeadView],
})
export class LeadsModule {}
