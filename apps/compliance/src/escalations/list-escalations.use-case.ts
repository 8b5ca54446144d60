import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from './escalation-cursor';
import { EscalationPageDto } from './escalation.dto';
import { EscalationRepository } from './escalation.repository';
import { EscalationStatus } from './escalation.schema';
import { escalationView } from './escalation-view';

@Injectable()
export class ListEscalationsUseCase {
  constructor(private readonly escalations: EscalationRepository) {}

  async execute(tenant: string, status: EscalationStatus | undefined, limit: number, cursor?: string): Promise<EscalationPageDto> {
    const page = await this.escalations.list(tenant, status, limit + 1, cursor ? decodeCursor(cursor) : undefined);
    const items = page.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(escalationView), next_cursor: page.length > limit && last ? encodeCursor(last) : null };
  }
}
