import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { RepeatingPass } from '@followup/persistence';
import { ChainHead } from '../chain/audit-chain';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { TakeCheckpointUseCase } from './take-checkpoint.use-case';

const AUDIT_SERVICE_ACTOR = { kind: 'service', id: 'audit' } as const;

/**
 * Every AUDIT_CHECKPOINT_INTERVAL_MS, checkpoints each tenant whose chain head moved since its last
 * checkpoint. The heads known to be checkpoints are remembered, so a quiet tenant costs nothing but its
 * row in the one read of the head documents.
 */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly passes = new RepeatingPass(() => this.pass(), 0);
  private readonly checkpointedHeads = new Map<string, ChainHead>();

  constructor(
    private readonly records: AuditRecordRepository,
    private readonly takeCheckpoint: TakeCheckpointUseCase,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(CheckpointScheduler.name);
  }

  onApplicationBootstrap(): void {
    this.passes.start(this.environment.AUDIT_CHECKPOINT_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }

  /** One pass; returns how many checkpoints it signed. Overlapping passes are skipped. */
  checkpointOnce(): Promise<number> {
    return this.passes.runOnce();
  }

  private async pass(): Promise<number> {
    let signed = 0;
    try {
      for (const head of await this.records.findAllHeads()) {
        const known = this.checkpointedHeads.get(head.tenant);
        if (known && known.sequence === head.sequence && known.hash === head.hash) continue;
        const outcome = await this.takeCheckpoint.execute({ tenant: head.tenant, actor: AUDIT_SERVICE_ACTOR });
        if (!outcome) continue;
        this.checkpointedHeads.set(head.tenant, { sequence: outcome.record.sequence, hash: outcome.record.hash });
        if (outcome.created) signed += 1;
      }
    } catch (error) {
      this.logger.warn(
        { error_code: 'AUDIT_CHECKPOINT_INCOMPLETE', error_name: (error as Error).name },
        'audit checkpoint pass incomplete; will retry',
      );
    }
    return signed;
  }
}
