import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { requestIdOf } from '@followup/logging';
import { LeadIdParams } from '../leads/lead.dto';
import { EngagementsAcceptedDto, LogEngagementsDto } from './engagement.dto';
import { LogEngagementsUseCase } from './log-engagements.use-case';

@ApiTags('leads')
@ApiBearerAuth()
@Controller('api/v1/leads')
export class EngagementsController {
  constructor(private readonly logEngagements: LogEngagementsUseCase) {}

  @Post(':lead_id/engagements')
  @HttpCode(202)
  @Roles('crm', 'admin')
  @ApiOperation({
    summary: 'Log engagement outcomes for a lead (replies, opens, unanswered calls); the channel predictions learn from them',
  })
  @ApiAcceptedResponse({ type: EngagementsAcceptedDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.LeadNotFound, ErrorCode.PayloadTooLarge)
  log(
    @Param() params: LeadIdParams,
    @Body() body: LogEngagementsDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
  ): Promise<EngagementsAcceptedDto> {
    return this.logEngagements.execute(user, requestIdOf(request), params.lead_id, body);
  }
}
