import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import { Environment, instanceId, SERVICE_NAME } from '@followup/config';
import { Lease, LeaseRecord, RepeatingPass } from '@followup/persistence';
import { Outbox, OutboxSource } from './outbox';

export const OUTBOX_SOURCES = Symbol('OUTBOX_SOURCES');

const BATCH_SIZE = 100;

/**
 * The service's one relay: publishes outbox markers whose publish failed or was cut short by a crash, from every
 * source (the collections named to OutboxModule.forService, and sources added with `register`). With several
 * instances one relays at a time: a lease renewed by each pass, which another instance takes over when it
 * lapses (3 intervals after the holder's last pass).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly passes = new RepeatingPass(() => this.drain(), 0);
  private readonly lease: Lease;
  private readonly sources: OutboxSource[];

  constructor(
    @Inject(OUTBOX_SOURCES) sources: OutboxSource[],
    private readonly outbox: Outbox,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
    @Inject(SERVICE_NAME) service: string,
    @InjectModel(LeaseRecord.name) leases: Model<LeaseRecord>,
  ) {
    this.logger.setContext(OutboxRelay.name);
    this.sources = [...sources];
    this.lease = new Lease(leases, `${service}-outbox-relay`, instanceId(service), 3 * environment.OUTBOX_RELAY_INTERVAL_MS);
  }

  /** Adds a source with its own way of clearing a marker (call it from the owning module's onModuleInit). */
  register(source: OutboxSource): void {
    this.sources.push(source);
  }

  onApplicationBootstrap(): void {
    this.passes.start(this.environment.OUTBOX_RELAY_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.passes.stop();
    await this.lease.release().catch(() => undefined);
  }

  /** One pass over every source; returns how many documents' events it published. */
  private async drain(): Promise<number> {
    if (!(await this.holdsLease())) return 0;
    const olderThan = new Date(Date.now() - this.environment.OUTBOX_RELAY_INTERVAL_MS);
    let published = 0;
    for (const source of this.sources) {
      try {
        published += await this.outbox.relay(source, olderThan, BATCH_SIZE);
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
