import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { CONFIDENCE_LEVELS, ErrorCode } from '@followup/contracts';
import { ApiErrorResponses, REQUEST_ID_HEADER } from '@followup/http';
import { requestIdOf } from '@followup/logging';
import { reviewStateView } from '../review/review-view';
import { GetRecommendationUseCase } from './get-recommendation.use-case';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, parseIdempotencyKey } from './idempotency-key';
import { RecommendationIdParams, RecommendationRequestDto, RecommendationResponseDto, RecommendationStatusDto } from './recommendation.dto';
import { RequestRecommendationUseCase } from './request-recommendation.use-case';

export const CONFIDENCE_HEADER = 'X-Recommendation-Confidence';

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller('api/v1/ai/followup')
export class RecommendationsController {
  constructor(
    private readonly requestRecommendation: RequestRecommendationUseCase,
    private readonly getRecommendation: GetRecommendationUseCase,
  ) {}

  @Post('recommendation')
  @HttpCode(200)
  @Roles('crm', 'sales_rep', 'sales_manager', 'admin')
  @ApiOperation({ summary: 'Generate an AI follow-up recommendation for a lead (always requires human approval)' })
  @ApiOkResponse({
    type: RecommendationResponseDto,
    headers: {
      ...REQUEST_ID_HEADER,
      [CONFIDENCE_HEADER]: {
        description: "`low` when the history is thin or stale (the spec's low-confidence flag; the body stays the spec's), else `normal`",
        schema: { type: 'string', enum: [...CONFIDENCE_LEVELS] },
      },
      [IDEMPOTENT_REPLAYED_HEADER]: {
        description: `\`true\` when this answers a repeat of an earlier request with the same ${IDEMPOTENCY_KEY_HEADER}`,
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiHeader({ name: 'X-Request-Id', required: false, description: 'Echoed back; generated when absent' })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Up to 255 visible ASCII characters, unique per request (a UUID): a repeat of the request with the same key, by the same user, ' +
      'is answered from the first (its recommendation, its error, or 503 while it is pending) instead of making another; ' +
      'the same key with other fields is refused with 409 INVALID_STATE (reason `idempotency_key_reused`)',
  })
  @ApiErrorResponses(
    ErrorCode.InvalidRequest,
    ErrorCode.LeadNotFound,
    ErrorCode.InvalidState,
    ErrorCode.PayloadTooLarge,
    ErrorCode.InsufficientData,
    ErrorCode.AiServiceUnavailable,
    ErrorCode.ServiceUnavailable,
  )
  async recommend(
    @Body() body: RecommendationRequestDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') idempotencyKeyHeader: string | undefined,
  ): Promise<RecommendationResponseDto> {
    const idempotencyKey = parseIdempotencyKey(idempotencyKeyHeader);
    const answer = await this.requestRecommendation.execute({ user, requestId: requestIdOf(request), request: body, idempotencyKey });
    response.setHeader(CONFIDENCE_HEADER, answer.confidence);
    if (answer.replayed) response.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    const { priority_score, recommended_action, recommended_channel, reasoning_summary, draft_message, requires_human_approval } =
      answer.result;
    return {
      recommendation_id: answer.recommendation_id,
      priority_score,
      recommended_action,
      recommended_channel,
      reasoning_summary,
      draft_message,
      requires_human_approval,
    };
  }

  @Get('recommendations/:recommendation_id')
  @Roles('crm', 'sales_rep', 'sales_manager', 'admin')
  @ApiOperation({ summary: "State and result of a recommendation request of the caller's tenant" })
  @ApiOkResponse({ type: RecommendationStatusDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.RecommendationNotFound)
  async status(@Param() params: RecommendationIdParams, @CurrentUser() user: AuthenticatedUser): Promise<RecommendationStatusDto> {
    const stored = await this.getRecommendation.execute(user, params.recommendation_id);
    return {
      recommendation_id: stored.recommendation_id,
      lead_id: stored.lead_id,
      status: stored.status,
      result: stored.result,
      confidence: stored.confidence,
      error: stored.error,
      attempt: stored.attempt,
      revision_of: stored.revision_of,
      created_at: new Date(stored.created_at).toISOString(),
      completed_at: stored.completed_at ? new Date(stored.completed_at).toISOString() : undefined,
      ...reviewStateView(stored),
    };
  }
}
