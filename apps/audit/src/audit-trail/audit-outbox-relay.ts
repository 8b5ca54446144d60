import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import { Environment, instanceId } from '@followup/config';
import { Lease, LeaseRecord, RepeatingPass } from '@followup/persistence';
import { AuditRecordPublisher } from './audit-record-publisher';
import { AuditRecordRepository } from './audit-record.repository';

const BATCH_SIZE = 200;

/**
 * Publishes audit records that were stored but whose publication was never confirmed (broker down, crash).
 * With several audit instances one relays at a time (a lease renewed by each pass).
 */
@Injectable()
export class AuditOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly passes = new RepeatingPass(() => this.drain(), 0);
  private readonly lease: Lease;

  constructor(
    private readonly records: AuditRecordRepository,
    private readonly publisher: AuditRecordPublisher,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
    @InjectModel(LeaseRecord.name) leases: Model<LeaseRecord>,
  ) {
    this.logger.setContext(AuditOutboxRelay.name);
    this.lease = new Lease(leases, 'audit-outbox-relay', instanceId('audit'), 3 * environment.AUDIT_OUTBOX_RELAY_INTERVAL_MS);
  }

  onApplicationBootstrap(): void {
    this.passes.start(this.environment.AUDIT_OUTBOX_RELAY_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.passes.stop();
    await this.lease.release().catch(() => undefined);
  }

  /** One pass; returns how many records it published. Overlapping passes are skipped. */
  drainOnce(): Promise<number> {
    return this.passes.runOnce();
  }

  private async drain(): Promise<number> {
    const olderThan = new Date(Date.now() - this.environment.AUDIT_OUTBOX_RELAY_INTERVAL_MS).toISOString();
    let published = 0;
    try {
      if (!(await this.lease.hold())) return 0;
      for (const record of await this.records.findUnpublished(olderThan, BATCH_SIZE)) {
        if (!(await this.publisher.publish(record))) break;
        published += 1;
      }
    } catch (error) {
      this.logger.warn(
        { error_code: 'AUDIT_RELAY_INCOMPLETE', error_name: (error as Error).name },
        'audit outbox relay pass incomplete; will retry',
      );
    }
    if (published > 0) this.logger.info({ published }, 'audit outbox relay published records');
    return published;
  }
}
