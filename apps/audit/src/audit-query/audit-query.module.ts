import { Module } from '@nestjs/common';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { AuditQueryController } from './audit-query.controller';
import { GetRecommendationDraftsUseCase } from './get-recommendation-drafts.use-case';
import { GetRecommendationTimelineUseCase } from './get-recommendation-timeline.use-case';
import { ListAuditEventsUseCase } from './list-audit-events.use-case';

@Module({
  imports: [AuditTrailModule],
  controllers: [AuditQueryController],
  providers: [ListAuditEventsUseCase, GetRecommendationTimelineUseCase, GetRecommendationDraftsUseCase],
})
export class AuditQueryModule {}
