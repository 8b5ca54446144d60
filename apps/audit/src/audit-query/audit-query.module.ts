import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditRecordDocument, AuditRecordSchema } from '../audit-trail/audit-record.schema';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { AuditQueryController } from './audit-query.controller';
import { GetRecommendationDraftsUseCase } from './get-recommendation-drafts.use-case';
import { GetRecommendationTimelineUseCase } from './get-recommendation-timeline.use-case';
import { LeadOwnerRepository } from './lead-owner.repository';
import { ListAuditEventsUseCase } from './list-audit-events.use-case';
import { RestrictedTextsFor } from './restricted-texts-for';

@Module({
  imports: [AuditTrailModule, MongooseModule.forFeature([{ name: AuditRecordDocument.name, schema: AuditRecordSchema }])],
  controllers: [AuditQueryController],
  providers: [
    ListAuditEventsUseCase,
    GetRecommendationTimelineUseCase,
    GetRecommendationDraftsUseCase,
    LeadOwnerRepository,
    RestrictedTextsFor,
  ],
})
export class AuditQueryModule {}
