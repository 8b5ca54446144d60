import { Module } from '@nestjs/common';
import { EraseLeadUseCase, LeadErasureStore } from '@followup/messaging';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { RestrictedTextErasure } from './restricted-text-erasure';

/** `npm run audit:erase`: audit's share, the lead's restricted texts deleted and confirmed (the request is read and chained by the first stage). */
@Module({
  imports: [AuditTrailModule],
  providers: [{ provide: LeadErasureStore, useClass: RestrictedTextErasure }, EraseLeadUseCase],
  exports: [EraseLeadUseCase],
})
export class ErasureModule {}
