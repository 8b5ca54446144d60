import { Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { CheckpointDto, CheckpointsPageDto, ListCheckpointsQuery } from './checkpoints.dto';
import { ListCheckpointsUseCase } from './list-checkpoints.use-case';
import { TakeCheckpointUseCase } from './take-checkpoint.use-case';

/** Signed checkpoints of the caller's tenant's audit chain. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit/checkpoints')
export class CheckpointsController {
  constructor(
    private readonly takeCheckpoint: TakeCheckpointUseCase,
    private readonly listCheckpoints: ListCheckpointsUseCase,
  ) {}

  @Post()
  @Roles('analyst', 'admin')
  @ApiOperation({ summary: "Signs the tenant's chain head now (200 with the existing checkpoint when the head already is one)" })
  @ApiCreatedResponse({ type: CheckpointDto })
  @ApiOkResponse({ type: CheckpointDto })
  @ApiErrorResponses(ErrorCode.InvalidState)
  async take(@CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response): Promise<CheckpointDto> {
    const role = user.roles.includes('admin') ? 'admin' : 'analyst';
    const outcome = await this.takeCheckpoint.execute({ tenant: user.tenant, actor: { kind: 'user', id: user.sub, role } });
    if (!outcome) throw new FollowupError(ErrorCode.InvalidState, 'The audit chain has no records to sign yet.');
    response.status(outcome.created ? 201 : 200);
    return { ...outcome.checkpoint, record_sequence: outcome.record.sequence };
  }

  @Get()
  @Roles('analyst', 'admin')
  @ApiOperation({ summary: "The tenant's signed checkpoints, oldest first (or newest first with `order`), paginated by cursor" })
  @ApiOkResponse({ type: CheckpointsPageDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  list(@Query() query: ListCheckpointsQuery, @CurrentUser() user: AuthenticatedUser): Promise<CheckpointsPageDto> {
    return this.listCheckpoints.execute(user.tenant, query);
  }
}
