import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeadSuppressionsModule } from '../lead-suppressions/lead-suppressions.module';
import { GetLeadUseCase } from './get-lead.use-case';
import { LeadAnnouncer } from './lead-announcer';
import { LeadErasureCheck } from './lead-erasure-check';
import { LeadVersions } from './lead-versions';
import { LeadView } from './lead-view';
import { LeadOwnershipRepository } from './lead-ownership.repository';
import { LeadRepository } from './lead.repository';
import { LeadVersionClaimRecord, LeadVersionClaimSchema } from './lead-version-claim.schema';
import { LeadRecord, LeadSchema } from './lead.schema';
import { LeadsController } from './leads.controller';
import { UpsertLeadUseCase } from './upsert-lead.use-case';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: LeadRecord.name, schema: LeadSchema },
      { name: LeadVersionClaimRecord.name, schema: LeadVersionClaimSchema },
    ]),
    LeadSuppressionsModule,
  ],
  controllers: [LeadsController],
  providers: [
    LeadRepository,
    LeadVersions,
    LeadView,
    LeadOwnershipRepository,
    LeadAnnouncer,
    UpsertLeadUseCase,
    GetLeadUseCase,
    LeadErasureCheck,
  ],
  exports: [GetLeadUseCase, LeadErasureCheck, LeadOwnershipRepository, LeadAnnouncer, LeadView, LeadVersions],
})
export class LeadsModule {}
