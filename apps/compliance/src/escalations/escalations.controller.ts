import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses, DEFAULT_CURSOR_PAGE_SIZE } from '@followup/http';
import { requestIdOf } from '@followup/logging';
import { EscalationDto, EscalationIdParams, EscalationPageDto, EscalationQueryDto, ResolveEscalationDto } from './escalation.dto';
import { ListEscalationsUseCase } from './list-escalations.use-case';
import { ResolveEscalationUseCase } from './resolve-escalation.use-case';

/** Served by the compliance service itself (its own port); the gateway may proxy `/api/v1/compliance/*` later. */
@ApiTags('compliance')
@ApiBearerAuth()
@Controller('api/v1/compliance/escalations')
export class EscalationsController {
  constructor(
    private readonly listEscalations: ListEscalationsUseCase,
    private readonly resolveEscalation: ResolveEscalationUseCase,
  ) {}

  @Get()
  @Roles('compliance', 'admin')
  @ApiOperation({ summary: "The tenant's escalation cases (blocked drafts), oldest first or in `order`; kinds and positions only" })
  @ApiOkResponse({ type: EscalationPageDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  list(@Query() query: EscalationQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<EscalationPageDto> {
    return this.listEscalations.execute(
      user.tenant,
      query.status,
      query.limit ?? DEFAULT_CURSOR_PAGE_SIZE,
      query.order ?? 'oldest_first',
      query.cursor,
    );
  }

  @Post(':escalation_id/resolve')
  @HttpCode(200)
  @Roles('compliance', 'admin')
  @ApiOperation({ summary: 'Release the blocked draft to delivery, or discard it' })
  @ApiOkResponse({ type: EscalationDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.EscalationNotFound, ErrorCode.InvalidState, ErrorCode.ServiceUnavailable)
  resolve(
    @Param() params: EscalationIdParams,
    @Body() body: ResolveEscalationDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
  ): Promise<EscalationDto> {
    return this.resolveEscalation.execute({
      user,
      requestId: requestIdOf(request),
      escalationId: params.escalation_id,
      resolution: body.resolution,
      note: body.note,
    });
  }
}
