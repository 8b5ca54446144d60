import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EraseLeadUseCase, LeadErasureStore } from '@followup/messaging';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { ErasedLeadDocument, ErasedLeadRepository, ErasedLeadSchema } from './erased-lead.repository';
import { ErasedLeadsView } from './erased-leads.view';
import { RestrictedTextErasure } from './restricted-text-erasure';

/**
 * `npm run audit:erase`: audit's share, the lead's restricted texts deleted and confirmed (the request is read and
 * chained by the first stage), and the erased leads the first stage stores no text of.
 */
@Module({
  imports: [AuditTrailModule, MongooseModule.forFeature([{ name: ErasedLeadDocument.name, schema: ErasedLeadSchema }])],
  providers: [{ provide: LeadErasureStore, useClass: RestrictedTextErasure }, EraseLeadUseCase, ErasedLeadRepository, ErasedLeadsView],
  exports: [EraseLeadUseCase, ErasedLeadsView],
})
export class ErasureModule {}
