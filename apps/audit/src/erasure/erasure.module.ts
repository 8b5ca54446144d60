import { Module } from '@nestjs/common';
import { EraseLeadUseCase, LeadErasureStore } from '@followup/messaging';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { AuditErasureRequestsConsumer } from './erasure-requests.consumer';
import { RestrictedTextErasure } from './restricted-text-erasure';

/** `npm run audit:erase`: chains the request, deletes the lead's restricted texts, and confirms. */
@Module({
  imports: [AuditTrailModule],
  controllers: [AuditErasureRequestsConsumer],
  providers: [{ provide: LeadErasureStore, useClass: RestrictedTextErasure }, EraseLeadUseCase],
})
export class ErasureModule {}
