import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { requestIdOf } from '@followup/logging';
import { RecommendationIdParams } from '../recommendations/recommendation.dto';
import { ClaimQueuedRecommendationUseCase } from './claim-queued-recommendation.use-case';
import { ListManualQueueUseCase } from './list-manual-queue.use-case';
import { ManualQueueDto, ManualQueueQuery, RetryAcceptedDto } from './manual-queue.dto';
import { RetryQueuedRecommendationUseCase } from './retry-queued-recommendation.use-case';

@ApiTags('manual queue')
@ApiBearerAuth()
@Roles('sales_manager', 'admin')
@Controller('api/v1/queues/manual')
export class ManualQueueController {
  constructor(
    private readonly list: ListManualQueueUseCase,
    private readonly retry: RetryQueuedRecommendationUseCase,
    private readonly claim: ClaimQueuedRecommendationUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Recommendation requests the AI service failed on, oldest first (sales managers)' })
  @ApiOkResponse({ type: ManualQueueDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  async queue(@Query() query: ManualQueueQuery, @CurrentUser() user: AuthenticatedUser): Promise<ManualQueueDto> {
    return this.list.execute(user.tenant, query.limit, query.include_claimed, query.cursor);
  }

  @Post(':recommendation_id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: "Ask the AI service again; the result appears at the recommendation's status URL" })
  @ApiAcceptedResponse({ type: RetryAcceptedDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.RecommendationNotFound, ErrorCode.InvalidState)
  retryOne(
    @Param() params: RecommendationIdParams,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
  ): Promise<RetryAcceptedDto> {
    return this.retry.execute(user, requestIdOf(request), params.recommendation_id);
  }

  @Post(':recommendation_id/claim')
  @HttpCode(204)
  @ApiOperation({ summary: 'Pick the request up to handle by hand' })
  @ApiNoContentResponse()
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.RecommendationNotFound, ErrorCode.InvalidState)
  async claimOne(@Param() params: RecommendationIdParams, @CurrentUser() user: AuthenticatedUser, @Req() request: Request): Promise<void> {
    await this.claim.execute(user, requestIdOf(request), params.recommendation_id);
  }
}
