import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { PinoLogger } from 'nestjs-pino';
import { lastValueFrom, timeout } from 'rxjs';
import { TopicName } from '@followup/contracts';

export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
export const PUBLISH_TIMEOUT_MS = 5_000;

export class PublishFailedError extends Error {
  constructor(topic: string, cause: unknown) {
    super(`Could not publish to ${topic}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PublishFailedError';
  }
}

interface Keyed {
  request_id?: string;
}

/** Publishes JSON events through Nest's Kafka client; a publish either is acknowledged by the broker or throws. */
@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  constructor(
    @Inject(KAFKA_PRODUCER) private readonly client: ClientKafka,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(EventPublisher.name);
  }

  /** Connects early so the first request does not pay for it; a broker that is down is retried on publish. */
  warmUp(): void {
    this.client.connect().catch((error: unknown) => {
      this.logger.warn({ error_message: (error as Error).message }, 'Kafka producer not connected yet; will retry on publish');
    });
  }

  async publish(topic: TopicName, key: string, event: Keyed): Promise<void> {
    await this.send(topic, key, event, event.request_id ? { 'x-request-id': event.request_id } : {});
  }

  /** Publishes a value already encoded by the caller (written as it is), with headers of its own. */
  async publishEncoded(topic: TopicName, key: string, value: string, headers: Record<string, string>): Promise<void> {
    await this.send(topic, key, value, headers);
  }

  private async send(topic: TopicName, key: string, value: object | string, headers: Record<string, string>): Promise<void> {
    try {
      await lastValueFrom(this.client.emit(topic, { key, value, headers }).pipe(timeout(PUBLISH_TIMEOUT_MS)), {
        defaultValue: undefined,
      });
    } catch (error) {
      throw new PublishFailedError(topic, error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
