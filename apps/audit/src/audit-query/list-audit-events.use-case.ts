import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { publicRecord } from '../chain/audit-chain';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { DEFAULT_PAGE_SIZE, ListAuditEventsQuery } from './audit-query.dto';
import { decodeCursor, encodeCursor } from './cursor';
import { AuditRecordView, RestrictedTextsFor } from './restricted-texts-for';

export interface AuditEventsPage {
  items: AuditRecordView[];
  next_cursor: string | null;
}

/** One page of the caller's tenant's audit records in chain order, filtered. */
@Injectable()
export class ListAuditEventsUseCase {
  constructor(
    private readonly records: AuditRecordRepository,
    private readonly restrictedTexts: RestrictedTextsFor,
  ) {}

  async execute(user: AuthenticatedUser, query: ListAuditEventsQuery): Promise<AuditEventsPage> {
    const { tenant } = user;
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
    const nextCursor = found.length > limit ? encodeCursor(items[items.length - 1].sequence) : null;
    return { items: await this.restrictedTexts.attach(user, items), next_cursor: nextCursor };
  }
}
