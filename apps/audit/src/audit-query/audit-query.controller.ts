import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import {
  AuditEventsPageDto,
  ListAuditEventsQuery,
  RecommendationDraftsDto,
  RecommendationIdParams,
  RecommendationTimelineDto,
} from './audit-query.dto';
import { GetRecommendationDraftsUseCase } from './get-recommendation-drafts.use-case';
import { GetRecommendationTimelineUseCase } from './get-recommendation-timeline.use-case';
import { ListAuditEventsUseCase } from './list-audit-events.use-case';

/** The read side of the audit trail, always within the caller's tenant. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditQueryController {
  constructor(
    private readonly listEvents: ListAuditEventsUseCase,
    private readonly getTimeline: GetRecommendationTimelineUseCase,
    private readonly getDrafts: GetRecommendationDraftsUseCase,
  ) {}

  @Get('events')
  @Roles('analyst', 'admin')
  @ApiOperation({
    summary: "Audit records of the caller's tenant in chain order, filtered, paginated by cursor (PII-free)",
    description:
      "Free texts are chained as digests (HMAC-SHA256 under the lead's key, and PII kinds); an admin also gets the texts not erased, in restricted_texts.",
  })
  @ApiOkResponse({ type: AuditEventsPageDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  events(@Query() query: ListAuditEventsQuery, @CurrentUser() user: AuthenticatedUser): Promise<AuditEventsPageDto> {
    return this.listEvents.execute(user, query) as Promise<AuditEventsPageDto>;
  }

  @Get('recommendations/:id/timeline')
  @Roles('analyst', 'admin')
  @ApiOperation({
    summary: "One recommendation's whole story, oldest first (PII-free)",
    description:
      "Free texts are chained as digests (HMAC-SHA256 under the lead's key, and PII kinds); an admin also gets the texts not erased, in restricted_texts.",
  })
  @ApiOkResponse({ type: RecommendationTimelineDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.RecommendationNotFound)
  timeline(@Param() params: RecommendationIdParams, @CurrentUser() user: AuthenticatedUser): Promise<RecommendationTimelineDto> {
    return this.getTimeline.execute(user, params.id) as Promise<RecommendationTimelineDto>;
  }

  @Get('recommendations/:id/drafts')
  @Roles('sales_rep', 'sales_manager', 'compliance', 'admin')
  @ApiOperation({
    summary: 'The draft texts, edits and diffs of one recommendation (restricted: they may contain PII)',
    description: "A sales rep reads only a lead they own; a manager, compliance officer or admin the tenant's.",
  })
  @ApiOkResponse({ type: RecommendationDraftsDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.RecommendationNotFound)
  async drafts(@Param() params: RecommendationIdParams, @CurrentUser() user: AuthenticatedUser): Promise<RecommendationDraftsDto> {
    const drafts = await this.getDrafts.execute(user, params.id);
    return {
      recommendation_id: params.id,
      drafts: drafts.map(({ event_id, kind, text, stored_at }) => ({ event_id, kind, text, stored_at })),
    };
  }
}
