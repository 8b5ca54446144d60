import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { SendingPolicyBodyDto, SendingPolicyDto } from './sending-policy.dto';
import { StoredSendingPolicy } from './sending-policy.repository';
import { GetSendingPolicyUseCase, ReplaceSendingPolicyUseCase } from './sending-policy.use-cases';

function toDto(policy: StoredSendingPolicy): SendingPolicyDto {
  return {
    windows: policy.windows,
    holidays: policy.holidays,
    frequency_cap_hours: policy.frequency_cap_hours,
    default_time_zone: policy.default_time_zone,
    updated_by: policy.updated_by,
    updated_at: policy.updated_at ? new Date(policy.updated_at).toISOString() : null,
  };
}

@ApiTags('sending-policy')
@ApiBearerAuth()
@Controller('api/v1/sending-policy')
export class SendingPolicyController {
  constructor(
    private readonly getPolicy: GetSendingPolicyUseCase,
    private readonly replacePolicy: ReplaceSendingPolicyUseCase,
  ) {}

  @Get()
  @Roles('sales_manager', 'admin')
  @ApiOperation({ summary: "The tenant's sending rules: allowed local hours per channel, holidays, frequency cap (the defaults until changed)" })
  @ApiOkResponse({ type: SendingPolicyDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  async get(@CurrentUser() user: AuthenticatedUser): Promise<SendingPolicyDto> {
    return toDto(await this.getPolicy.execute(user));
  }

  @Put()
  @Roles('sales_manager', 'admin')
  @ApiOperation({ summary: "Replaces the tenant's sending rules; sends already scheduled are checked against them again when due" })
  @ApiOkResponse({ type: SendingPolicyDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  async replace(@Body() body: SendingPolicyBodyDto, @CurrentUser() user: AuthenticatedUser): Promise<SendingPolicyDto> {
    return toDto(await this.replacePolicy.execute(user, body));
  }
}
