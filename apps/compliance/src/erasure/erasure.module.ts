import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EraseLeadUseCase, ErasureRequestsConsumer, LeadErasureStore } from '@followup/messaging';
import { EscalationDecisionRecord, EscalationDecisionSchema } from '../escalations/escalation-decision.schema';
import { EscalationRecord, EscalationSchema } from '../escalations/escalation.schema';
import { DirectoryEntryRecord, DirectoryEntrySchema } from '../lead-directory/directory-entry.schema';
import { ComplianceErasureRepository } from './compliance-erasure.repository';

/** `npm run audit:erase`: erases a lead's directory entry and escalation texts (cases and their decisions) here, and confirms. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: DirectoryEntryRecord.name, schema: DirectoryEntrySchema },
      { name: EscalationRecord.name, schema: EscalationSchema },
      { name: EscalationDecisionRecord.name, schema: EscalationDecisionSchema },
    ]),
  ],
  providers: [ErasureRequestsConsumer, { provide: LeadErasureStore, useClass: ComplianceErasureRepository }, EraseLeadUseCase],
})
export class ErasureModule {}
