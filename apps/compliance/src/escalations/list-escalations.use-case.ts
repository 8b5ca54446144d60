import { Injectable } from '@nestjs/common';
import { EscalationPageDto } from './escalation.dto';
import { ESCALATION_ORDER, EscalationOrder } from './escalation-order';
import { EscalationRepository } from './escalation.repository';
import { EscalationStatus } from './escalation.schema';
import { escalationView } from './escalation-view';

@Injectable()
export class ListEscalationsUseCase {
  constructor(private readonly escalations: EscalationRepository) {}

  async execute(
    tenant: string,
    status: EscalationStatus | undefined,
    limit: number,
    order: EscalationOrder,
    cursor?: string,
  ): Promise<EscalationPageDto> {
    const keyset = ESCALATION_ORDER[order];
    const fetched = await this.escalations.list(tenant, status, limit + 1, keyset, keyset.from(cursor));
    const { items, next_cursor } = keyset.page(fetched, limit);
    return { items: items.map(escalationView), next_cursor };
  }
}
