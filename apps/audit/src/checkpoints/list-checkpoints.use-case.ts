import { Injectable } from '@nestjs/common';
import { DEFAULT_CURSOR_PAGE_SIZE } from '@followup/http';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { decodeCursor, encodeCursor } from '../audit-query/cursor';
import { CHECKPOINT_EVENT_TYPE, checkpointIn } from './checkpoint-record';
import { CheckpointDto, CheckpointsPageDto, ListCheckpointsQuery } from './checkpoints.dto';

const CHECKPOINT_RECORDS = { event_type: CHECKPOINT_EVENT_TYPE };

/**
 * One page of the tenant's checkpoints (the checkpoint records of its chain), oldest first, or newest first
 * for a reader that wants the latest; the cursor is the sequence of the page's last record either way.
 */
@Injectable()
export class ListCheckpointsUseCase {
  constructor(private readonly records: AuditRecordRepository) {}

  async execute(tenant: string, query: ListCheckpointsQuery): Promise<CheckpointsPageDto> {
    const limit = query.limit ?? DEFAULT_CURSOR_PAGE_SIZE;
    const found =
      query.order === 'newest_first'
        ? await this.records.findPageNewestFirst(
            tenant,
            CHECKPOINT_RECORDS,
            query.cursor === undefined ? undefined : decodeCursor(query.cursor),
            limit + 1,
          )
        : await this.records.findPage(tenant, CHECKPOINT_RECORDS, decodeCursor(query.cursor), limit + 1);
    const page = found.slice(0, limit);
    const items = page.flatMap((record): CheckpointDto[] => {
      const checkpoint = checkpointIn(record);
      return checkpoint ? [{ ...checkpoint, record_sequence: record.sequence }] : [];
    });
    return { items, next_cursor: found.length > limit ? encodeCursor(page[page.length - 1].sequence) : null };
  }
}
