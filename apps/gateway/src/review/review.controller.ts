import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses, DEFAULT_CURSOR_PAGE_SIZE } from '@followup/http';
import { requestIdOf } from '@followup/logging';
import { RecommendationIdParams } from '../recommendations/recommendation.dto';
import { ListReviewQueueUseCase } from './list-review-queue.use-case';
import { OptionalBody, ValidatedBody } from './optional-body';
import {
  ApproveRecommendationDto,
  MoreDataRequestedDto,
  RejectRecommendationDto,
  ReviewDecisionResponseDto,
  ReviewQueuePageDto,
  ReviewQueueQueryDto,
} from './review.dto';
import { RequestMoreDataUseCase } from './request-more-data.use-case';
import { ReviewRecommendationUseCase } from './review-recommendation.use-case';

@ApiTags('review')
@ApiBearerAuth()
@Controller('api/v1/ai/followup/recommendations')
export class ReviewController {
  constructor(
    private readonly listQueue: ListReviewQueueUseCase,
    private readonly review: ReviewRecommendationUseCase,
    private readonly requestMoreData: RequestMoreDataUseCase,
  ) {}

  @Post(':recommendation_id/more-data-requests')
  @HttpCode(202)
  @Roles('sales_rep', 'sales_manager', 'admin')
  @ApiOperation({
    summary: 'Ask the sales managers for more engagement data behind a recommendation (a notification naming the lead)',
    description: "Only the lead's owner rep or a sales manager/admin of the tenant. The recommendation's state does not change.",
  })
  @ApiAcceptedResponse({ type: MoreDataRequestedDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.RecommendationNotFound, ErrorCode.ServiceUnavailable)
  async askForMoreData(
    @Param() params: RecommendationIdParams,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
  ): Promise<MoreDataRequestedDto> {
    await this.requestMoreData.execute({ user, requestId: requestIdOf(request), recommendationId: params.recommendation_id });
    return { recommendation_id: params.recommendation_id, requested: true };
  }

  @Get()
  @Roles('sales_rep', 'sales_manager', 'admin')
  @ApiOperation({
    summary: "The caller's review queue: recommendations in one lifecycle state (default pending_review), oldest first or in `order`",
    description:
      "A sales rep sees the leads they own; a sales manager or admin the whole tenant, or one rep's leads with `owner_rep_id`. Paginated with `limit` and `cursor`.",
  })
  @ApiOkResponse({ type: ReviewQueuePageDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  queue(@Query() query: ReviewQueueQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<ReviewQueuePageDto> {
    return this.listQueue.execute({
      user,
      status: query.status ?? 'pending_review',
      ownerRepId: query.owner_rep_id,
      limit: query.limit ?? DEFAULT_CURSOR_PAGE_SIZE,
      order: query.order ?? 'oldest_first',
      cursor: query.cursor,
    });
  }

  @Post(':recommendation_id/approve')
  @HttpCode(200)
  @Roles('sales_rep', 'sales_manager', 'admin')
  @ApiOperation({
    summary: 'Approve a recommendation, optionally with an edited draft; the draft then goes to compliance screening',
    description: "Only the lead's owner rep or a sales manager/admin of the tenant. 409 INVALID_STATE unless pending_review.",
  })
  @ApiBody({ type: ApproveRecommendationDto, required: false })
  @ApiOkResponse({ type: ReviewDecisionResponseDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.RecommendationNotFound, ErrorCode.InvalidState, ErrorCode.PayloadTooLarge)
  approve(
    @Param() params: RecommendationIdParams,
    @OptionalBody(new ValidatedBody(ApproveRecommendationDto)) body: ApproveRecommendationDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
  ): Promise<ReviewDecisionResponseDto> {
    return this.review.execute({
      user,
      requestId: requestIdOf(request),
      recommendationId: params.recommendation_id,
      action: 'approve',
      draftMessage: body.draft_message,
    });
  }

  @Post(':recommendation_id/reject')
  @HttpCode(200)
  @Roles('sales_rep', 'sales_manager', 'admin')
  @ApiOperation({
    summary: 'Reject a recommendation with a reason; the reason goes to the recommender as model feedback',
    description: "Only the lead's owner rep or a sales manager/admin of the tenant. 409 INVALID_STATE unless pending_review.",
  })
  @ApiOkResponse({ type: ReviewDecisionResponseDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.RecommendationNotFound, ErrorCode.InvalidState, ErrorCode.PayloadTooLarge)
  reject(
    @Param() params: RecommendationIdParams,
    @Body() body: RejectRecommendationDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
  ): Promise<ReviewDecisionResponseDto> {
    return this.review.execute({
      user,
      requestId: requestIdOf(request),
      recommendationId: params.recommendation_id,
      action: 'reject',
      reason: body.reason,
    });
  }
}
