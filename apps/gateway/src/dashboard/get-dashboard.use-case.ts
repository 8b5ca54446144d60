import { Injectable } from '@nestjs/common';
import { Clock } from '@followup/config';
import { dashboardCounts } from './dashboard-counts';
import { DashboardDto } from './dashboard.dto';
import { DASHBOARD_READ_LIMIT, DashboardRepository } from './dashboard.repository';

@Injectable()
export class GetDashboardUseCase {
  constructor(
    private readonly repository: DashboardRepository,
    private readonly clock: Clock,
  ) {}

  async execute(tenant: string, days: number): Promise<DashboardDto> {
    const to = this.clock.now();
    const from = new Date(to.getTime() - days * 86_400_000);
    const records = await this.repository.activeSince(tenant, from, DASHBOARD_READ_LIMIT + 1);
    const counted = records.slice(0, DASHBOARD_READ_LIMIT);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      ...dashboardCounts(counted, from, to),
      truncated: records.length > DASHBOARD_READ_LIMIT,
    };
  }
}
