import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { DashboardDto, DashboardQuery } from './dashboard.dto';
import { GetDashboardUseCase } from './get-dashboard.use-case';

const DEFAULT_DAYS = 14;

@ApiTags('dashboard')
@ApiBearerAuth()
@Roles('sales_manager', 'admin')
@Controller('api/v1/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: GetDashboardUseCase) {}

  @Get()
  @ApiOperation({
    summary: "The tenant's review and delivery counts over the last `days` days (sales managers)",
    description:
      'Approvals, edits and rejections by the day they were decided, rejections by reason category, and final delivery outcomes by channel, from the gateway’s own recommendation records.',
  })
  @ApiOkResponse({ type: DashboardDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  get(@Query() query: DashboardQuery, @CurrentUser() user: AuthenticatedUser): Promise<DashboardDto> {
    return this.dashboard.execute(user.tenant, query.days ?? DEFAULT_DAYS);
  }
}
