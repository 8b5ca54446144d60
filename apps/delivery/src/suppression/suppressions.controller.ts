import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { requestIdOf } from '@followup/logging';
import { ChangeSuppressionUseCase, SMS_OPT_OUT_SOURCES } from './change-suppression.use-case';
import { ListSuppressionsUseCase } from './list-suppressions.use-case';
import { AddSuppressionDto, SuppressionDto, SuppressionPageDto, SuppressionQueryDto } from './suppression.dto';
import { Suppression } from './suppression.repository';

function toDto(suppression: Suppression): SuppressionDto {
  return {
    suppression_id: suppression.suppression_id,
    channel: suppression.channel,
    address: suppression.address,
    active: suppression.active,
    reason: suppression.reason,
    source: suppression.source,
    created_at: new Date(suppression.suppressed_at).toISOString(),
    released_at: suppression.released_at ? new Date(suppression.released_at).toISOString() : null,
  };
}

@ApiTags('suppressions')
@ApiBearerAuth()
@Controller('api/v1/suppressions')
export class SuppressionsController {
  constructor(
    private readonly listSuppressions: ListSuppressionsUseCase,
    private readonly changeSuppression: ChangeSuppressionUseCase,
  ) {}

  @Get()
  @Roles('crm', 'sales_manager', 'compliance', 'admin')
  @ApiOperation({ summary: "The tenant's suppression list (opted-out addresses), newest first" })
  @ApiOkResponse({ type: SuppressionPageDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  async list(@Query() query: SuppressionQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<SuppressionPageDto> {
    const page = await this.listSuppressions.execute(user.tenant, query);
    return { ...page, items: page.items.map(toDto) };
  }

  @Post()
  @Roles('crm', 'sales_manager', 'admin')
  @ApiOperation({ summary: 'Opt an address out (idempotent: an address already opted out is answered as it stands)' })
  @ApiCreatedResponse({ type: SuppressionDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.ServiceUnavailable)
  async add(@Body() body: AddSuppressionDto, @CurrentUser() user: AuthenticatedUser, @Req() request: Request): Promise<SuppressionDto> {
    const { suppression } = await this.changeSuppression.execute({
      tenant: user.tenant,
      channel: body.channel,
      address: body.address,
      change: 'suppressed',
      reason: body.reason ?? 'added by the CRM',
      source: 'api',
      // recorded over an opt-out texted by the lead: a text no longer ends it
      replaces: SMS_OPT_OUT_SOURCES,
      context: { request_id: requestIdOf(request), tenant: user.tenant, actor: { kind: 'user', id: user.sub, role: user.acting_role } },
    });
    return toDto(suppression!);
  }
}
