import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AuditActor } from '@followup/contracts';
import { ChainedRecord } from '../chain/audit-chain';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { AuditChainAppender } from '../audit-trail/audit-chain-appender';
import { AuditRecordPublisher } from '../audit-trail/audit-record-publisher';
import { checkpointEventId, checkpointIn, checkpointRecordOf, isCheckpointOfPrevious } from './checkpoint-record';
import { Checkpoint } from './checkpoint-signature';
import { CheckpointSigner } from './checkpoint-signer';

export interface TakeCheckpointCommand {
  tenant: string;
  /** Who asked: an analyst or admin on demand, the audit service on its interval. */
  actor: AuditActor;
}

export interface CheckpointOutcome {
  checkpoint: Checkpoint;
  /** The chain record that carries the checkpoint (its sequence is the signed one plus one). */
  record: ChainedRecord;
  /** False when the chain's head already was a checkpoint of the record before it: nothing new to sign. */
  created: boolean;
}

/**
 * Signs the tenant's chain head and appends the checkpoint right after it, in line with the tenant's
 * other appends. A head that is itself a checkpoint is not signed again. Returns undefined for a tenant
 * with no records.
 */
@Injectable()
export class TakeCheckpointUseCase {
  constructor(
    private readonly records: AuditRecordRepository,
    private readonly appender: AuditChainAppender,
    private readonly publisher: AuditRecordPublisher,
    private readonly signer: CheckpointSigner,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(TakeCheckpointUseCase.name);
  }

  async execute({ tenant, actor }: TakeCheckpointCommand): Promise<CheckpointOutcome | undefined> {
    let current: ChainedRecord | undefined;
    let signedSequence: number | undefined;
    const appended = await this.appender.appendAfterHead(tenant, async (head) => {
      current = undefined;
      signedSequence = undefined;
      if (head.sequence === 0) return undefined;
      const headRecord = await this.records.findAt(tenant, head.sequence);
      if (headRecord && isCheckpointOfPrevious(headRecord)) {
        current = headRecord;
        return undefined;
      }
      signedSequence = head.sequence;
      const checkpoint = this.signer.sign({ tenant, sequence: head.sequence, head_hash: head.hash, signed_at: new Date().toISOString() });
      return checkpointRecordOf(checkpoint, actor);
    });
    if (appended) {
      await this.publisher.publish(appended);
      this.logger.info({ sequence: appended.sequence, key_id: this.signer.keyId }, 'audit checkpoint signed');
      return { checkpoint: checkpointIn(appended)!, record: appended, created: true };
    }
    // Another audit process stored the checkpoint of the same head first.
    if (!current && signedSequence !== undefined) {
      current = (await this.records.findByEventId(checkpointEventId(tenant, signedSequence))) ?? undefined;
    }
    return current ? { checkpoint: checkpointIn(current)!, record: current, created: false } : undefined;
  }
}
