import { Injectable } from '@nestjs/common';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { ChainedRecord, publicRecord } from '../chain/audit-chain';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { DEFAULT_PAGE_SIZE, ListAuditEventsQuery } from './audit-query.dto';
import { decodeCursor, encodeCursor } from './cursor';

export interface AuditEventsPage {
  items: ChainedRecord[];
  next_cursor: string | null;
}

/** One page of the caller's tenant's audit records in chain order, filtered. */
@Injectable()
export class ListAuditEventsUseCase {
  constructor(private readonly records: AuditRecordRepository) {}

  async execute(tenant: string, query: ListAuditEventsQuery): Promise<AuditEventsPage> {
    const from = query.from === undefined ? undefined : new Date(query.from).toISOString();
    const to = query.to === undefined ? undefined : new Date(query.to).toISOString();
    if (from && to && from >= to) {
      throw new FollowupError(ErrorCode.InvalidRequest, 'Field from must be earlier than to.', {
        invalid_fields: ['from', 'to'],
        violations: { from: ['isBeforeTo'] },
      });
    }
    const after = decodeCursor(query.cursor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const found = await this.records.findPage(tenant, { ...query, from, to }, after, limit + 1);
    const items = found.slice(0, limit).map(publicRecord);
    return { items, next_cursor: found.length > limit ? encodeCursor(items[items.length - 1].sequence) : null };
  }
}
