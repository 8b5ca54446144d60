import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import { Environment, instanceId } from '@followup/config';
import { EventPublisher } from '@followup/messaging';
import { Lease, LeaseRecord, RepeatingPass } from '@followup/persistence';
import { OUTBOX_SOURCES, OutboxSource } from './outbox-entry';

const BATCH_SIZE = 100;

/**
 * Publishes events whose state was stored but whose publish failed or was cut short by a crash. With several
 * gateway instances one relays at a time (a lease renewed by each pass; another takes over when it lapses).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly passes = new RepeatingPass(() => this.drain(), 0);
  private readonly lease: Lease;

  constructor(
    @Inject(OUTBOX_SOURCES) private readonly sources: OutboxSource[],
    private readonly publisher: EventPublisher,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
    @InjectModel(LeaseRecord.name) leases: Model<LeaseRecord>,
  ) {
    this.logger.setContext(OutboxRelay.name);
    this.lease = new Lease(leases, 'gateway-outbox-relay', instanceId('gateway'), 3 * environment.OUTBOX_RELAY_INTERVAL_MS);
  }

  onApplicationBootstrap(): void {
    this.passes.start(this.environment.OUTBOX_RELAY_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.passes.stop();
    await this.lease.release().catch(() => undefined);
  }

  /** One pass over every source; returns how many events it published. Overlapping passes are skipped. */
  drainOnce(): Promise<number> {
    return this.passes.runOnce();
  }

  private async drain(): Promise<number> {
    if (!(await this.holdsLease())) return 0;
    const olderThan = new Date(Date.now() - this.environment.OUTBOX_RELAY_INTERVAL_MS);
    let published = 0;
    for (const source of this.sources) {
      try {
        for (const pending of await source.findStale(olderThan, BATCH_SIZE)) {
          await this.publisher.publish(pending.topic, pending.key, pending.event);
          await pending.markPublished();
          published += 1;
        }
      } catch (error) {
        this.logger.warn({ source: source.name, error_name: (error as Error).name }, 'outbox relay pass incomplete; will retry');
      }
    }
    if (published > 0) this.logger.info({ published }, 'outbox relay republished events');
    return published;
  }

  private async holdsLease(): Promise<boolean> {
    try {
      return await this.lease.hold();
    } catch (error) {
      this.logger.warn({ error_name: (error as Error).name }, 'outbox relay lease unavailable; will retry');
      return false;
    }
  }
}
