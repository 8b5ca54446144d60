import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { EventPublisher } from '@followup/messaging';
import { OUTBOX_SOURCES, OutboxSource } from './outbox-entry';

const BATCH_SIZE = 100;

/** Publishes events whose state was stored but whose publish failed or was cut short by a crash. */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(OUTBOX_SOURCES) private readonly sources: OutboxSource[],
    private readonly publisher: EventPublisher,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(OutboxRelay.name);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.drainOnce(), this.environment.OUTBOX_RELAY_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every source; returns how many events it published. Overlapping passes are skipped. */
  async drainOnce(): Promise<number> {
    if (this.running) return 0;
    this.running = this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  private async drain(): Promise<number> {
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
}
