import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { ChainVerificationDto } from './chain-verification.dto';
import { VerifyTenantChainUseCase } from './verify-tenant-chain.use-case';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit/verification')
export class ChainVerificationController {
  constructor(private readonly verifyTenantChain: VerifyTenantChainUseCase) {}

  @Get()
  @Roles('analyst', 'admin')
  @ApiOperation({ summary: "Verifies the tenant's audit chain now: the hash chain and every checkpoint's signature" })
  @ApiOkResponse({ type: ChainVerificationDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  verify(@CurrentUser() user: AuthenticatedUser): Promise<ChainVerificationDto> {
    return this.verifyTenantChain.execute(user.tenant);
  }
}
