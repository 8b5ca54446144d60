import { Module } from '@nestjs/common';
import { EraseLeadUseCase, ErasedLeadsModule, LeadErasureStore } from '@followup/messaging';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { RestrictedTextErasure } from './restricted-text-erasure';

/**
 * `npm run audit:erase`: audit's share, the lead's restricted texts deleted and confirmed (the request is read and
 * chained by the first stage), and the erased leads the first stage stores no text of.
 */
@Module({
  imports: [AuditTrailModule, ErasedLeadsModule],
  providers: [{ provide: LeadErasureStore, useClass: RestrictedTextErasure }, EraseLeadUseCase],
  exports: [EraseLeadUseCase, ErasedLeadsModule],
})
export class ErasureModule {}
