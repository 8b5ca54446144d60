import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AppendedBatch, AuditChainAppender, RecordToChain } from './audit-chain-appender';
import { AuditRecordPublisher } from './audit-record-publisher';

/** What this process chained since it started: how well the partition ownership keeps writers apart. */
export interface ChainingTotals {
  batches: number;
  appended: number;
  recordedBefore: number;
  positionConflicts: number;
  headConflicts: number;
}

/**
 * The second stage: chains a batch of records from the chain input (one insertMany, one head update) and
 * publishes the batch on the audit topic in one go, with the records of redelivered events chained before.
 */
@Injectable()
export class ChainRecordsUseCase {
  readonly totals: ChainingTotals = { batches: 0, appended: 0, recordedBefore: 0, positionConflicts: 0, headConflicts: 0 };

  constructor(
    private readonly appender: AuditChainAppender,
    private readonly publisher: AuditRecordPublisher,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ChainRecordsUseCase.name);
  }

  async execute(records: RecordToChain[]): Promise<AppendedBatch> {
    const outcome = await this.appender.appendBatch(records);
    await this.publisher.publishChained([...outcome.recordedBefore, ...outcome.appended]);
    this.totals.batches += 1;
    this.totals.appended += outcome.appended.length;
    this.totals.recordedBefore += outcome.recordedBefore.length;
    this.totals.positionConflicts += outcome.positionConflicts;
    this.totals.headConflicts += outcome.headConflicts;
    const summary = {
      appended: outcome.appended.length,
      recorded_before: outcome.recordedBefore.length,
      position_conflicts: outcome.positionConflicts,
      head_conflicts: outcome.headConflicts,
    };
    if (outcome.positionConflicts > 0 || outcome.headConflicts > 0) this.logger.info(summary, 'audit batch chained after a conflict');
    else this.logger.debug(summary, 'audit batch chained');
    return outcome;
  }
}
