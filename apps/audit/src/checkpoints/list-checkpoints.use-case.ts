import { Injectable } from '@nestjs/common';
import { CursorPageQuery, DEFAULT_CURSOR_PAGE_SIZE } from '@followup/http';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { decodeCursor, encodeCursor } from '../audit-query/cursor';
import { CHECKPOINT_EVENT_TYPE, checkpointIn } from './checkpoint-record';
import { CheckpointDto, CheckpointsPageDto } from './checkpoints.dto';

/** One page of the tenant's checkpoints, oldest first: the checkpoint records of its chain. */
@Injectable()
export class ListCheckpointsUseCase {
  constructor(private readonly records: AuditRecordRepository) {}

  async execute(tenant: string, query: CursorPageQuery): Promise<CheckpointsPageDto> {
    const limit = query.limit ?? DEFAULT_CURSOR_PAGE_SIZE;
    const found = await this.records.findPage(tenant, { event_type: CHECKPOINT_EVENT_TYPE }, decodeCursor(query.cursor), limit + 1);
    const page = found.slice(0, limit);
    const items = page.flatMap((record): CheckpointDto[] => {
      const checkpoint = checkpointIn(record);
      return checkpoint ? [{ ...checkpoint, record_sequence: record.sequence }] : [];
    });
    return { items, next_cursor: found.length > limit ? encodeCursor(page[page.length - 1].sequence) : null };
  }
}
