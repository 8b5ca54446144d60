import { Body, Controller, Get, Param, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { requestIdOf } from '@followup/logging';
import { LeadSuppressionRepository } from '../lead-suppressions/lead-suppression.repository';
import { leadSuppressionDto, LeadWithSuppressionsDto } from '../lead-suppressions/lead-suppression.dto';
import { GetLeadUseCase } from './get-lead.use-case';
import { LeadDto, LeadIdParams, UpsertLeadDto } from './lead.dto';
import { leadFieldsOf } from './lead-fields';
import { Lead } from './lead.repository';
import { UpsertLeadUseCase } from './upsert-lead.use-case';

function toDto(lead: Lead): LeadDto {
  return { ...leadFieldsOf(lead), created_at: new Date(lead.created_at).toISOString() };
}

@ApiTags('leads')
@ApiBearerAuth()
@Controller('api/v1/leads')
export class LeadsController {
  constructor(
    private readonly upsertLead: UpsertLeadUseCase,
    private readonly getLead: GetLeadUseCase,
    private readonly suppressions: LeadSuppressionRepository,
  ) {}

  @Put(':lead_id')
  @Roles('crm', 'admin')
  @ApiOperation({ summary: 'Create or replace the lead record the CRM owns (crm role)' })
  @ApiOkResponse({ type: LeadDto, description: 'The lead was updated' })
  @ApiCreatedResponse({ type: LeadDto, description: 'The lead was created' })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.InvalidState, ErrorCode.PayloadTooLarge, ErrorCode.ServiceUnavailable)
  async upsert(
    @Param() params: LeadIdParams,
    @Body() body: UpsertLeadDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LeadDto> {
    const { lead, created } = await this.upsertLead.execute({ user, requestId: requestIdOf(request), leadId: params.lead_id, lead: body });
    response.status(created ? 201 : 200);
    return toDto(lead);
  }

  @Get(':lead_id')
  @Roles('crm', 'sales_rep', 'sales_manager', 'admin')
  @ApiOperation({ summary: "Read a lead record of the caller's tenant (a sales rep: only a lead they own)" })
  @ApiOkResponse({ type: LeadWithSuppressionsDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.LeadNotFound)
  async get(@Param() params: LeadIdParams, @CurrentUser() user: AuthenticatedUser): Promise<LeadWithSuppressionsDto> {
    const lead = await this.getLead.execute(user, params.lead_id);
    const suppressions = await this.suppressions.activeFor(user.tenant, lead.lead_id);
    return { ...toDto(lead), suppressions: suppressions.map(leadSuppressionDto) };
  }
}
