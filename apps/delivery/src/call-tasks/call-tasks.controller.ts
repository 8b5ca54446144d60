import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses, PageQuery } from '@followup/http';
import { CallTaskPageDto } from './call-task.dto';
import { ListCallTasksUseCase } from './list-call-tasks.use-case';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks')
export class CallTasksController {
  constructor(private readonly listTasks: ListCallTasksUseCase) {}

  @Get()
  @Roles('sales_rep', 'sales_manager', 'admin')
  @ApiOperation({ summary: "Call tasks, newest first: a rep's of the leads they own now, the whole tenant's for managers and admins" })
  @ApiOkResponse({ type: CallTaskPageDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest)
  async list(@Query() query: PageQuery, @CurrentUser() user: AuthenticatedUser): Promise<CallTaskPageDto> {
    const page = await this.listTasks.execute(user, query.page, query.page_size);
    return {
      ...page,
      items: page.items.map((task) => ({
        task_id: task.task_id,
        lead_id: task.lead_id,
        recommendation_id: task.recommendation_id,
        owner_rep_id: task.owner_rep_id,
        status: task.status,
        talking_points: task.talking_points,
        created_at: new Date(task.created_at).toISOString(),
      })),
    };
  }
}
