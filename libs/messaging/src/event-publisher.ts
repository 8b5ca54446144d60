import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { Producer } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Environment, GroupCommitBatcher, within } from '@followup/config';
import { TopicName } from '@followup/contracts';
import { busTopic } from './bus-topics';
import type { OutboxMessage } from './outbox/outbox-message';

export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
export const PUBLISH_TIMEOUT_MS = 5_000;
/**
 * The most bytes (keys, values and headers) one `sendBatch` carries. kafkajs puts a partition's messages of a send in one
 * record batch, which the broker refuses whole above its `message.max.bytes` (1 MiB by default): the audit trail's chain,
 * catching up on a backlog, published a fetch's worth of records to its one tenant's partition in a single send, was
 * refused, and retried the same send forever. Half the broker's default leaves room for the batch's own framing.
 */
export const MAX_SEND_BYTES = 512 * 1024;

export class PublishFailedError extends Error {
  constructor(topic: string, cause: unknown) {
    super(`Could not publish to ${topic}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PublishFailedError';
  }
}

class PublishTimeoutError extends Error {
  constructor() {
    super(`no acknowledgement within ${PUBLISH_TIMEOUT_MS} ms`);
    this.name = 'PublishTimeoutError';
  }
}

/** One message as it goes to the broker: value already encoded. */
export interface OutgoingMessage {
  topic: TopicName;
  key: string;
  value: string;
  headers: Record<string, string>;
}

interface Keyed {
  request_id?: string;
}

/** The bytes of a message as the broker counts them against a record batch's limit: key, value and headers. */
export function bytesOf({ key, value, headers }: OutgoingMessage): number {
  let bytes = Buffer.byteLength(key) + Buffer.byteLength(value);
  for (const [name, header] of Object.entries(headers)) bytes += Buffer.byteLength(name) + Buffer.byteLength(header);
  return bytes;
}

/**
 * The messages in order, cut into consecutive sends of at most `maxBytes` each (bytesOf); a message larger than that
 * goes alone, for the broker to take or refuse.
 */
export function sendsOf(messages: readonly OutgoingMessage[], maxBytes = MAX_SEND_BYTES): OutgoingMessage[][] {
  const sends: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let currentBytes = 0;
  for (const message of messages) {
    const bytes = bytesOf(message);
    if (current.length > 0 && currentBytes + bytes > maxBytes) {
      sends.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(message);
    currentBytes += bytes;
  }
  if (current.length > 0) sends.push(current);
  return sends;
}

/** The headers every event goes with: its request id, which lets a reader pick events out without parsing them. */
export function eventHeaders(requestId: string | undefined): Record<string, string> {
  return requestId ? { 'x-request-id': requestId } : {};
}

/**
 * Publishes JSON events through the Kafka producer of Nest's client; a publish either is acknowledged by the
 * broker (acks from every in-sync replica) or throws. Publishes go out as a group commit (GroupCommitBatcher): those
 * made in one tick, or while the previous `sendBatch` was under way, as one `sendBatch` (several, one after another,
 * past MAX_SEND_BYTES), and each caller's promise settles with that batch. Callers name logical topics; the batch goes to their names on the bus.
 */
@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  private readonly batcher = new GroupCommitBatcher<OutgoingMessage>((messages) => this.sendBatch(messages));

  constructor(
    @Inject(KAFKA_PRODUCER) private readonly client: ClientKafka,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(EventPublisher.name);
  }

  /** Connects early so the first request does not pay for it; a broker that is down is retried on publish. */
  warmUp(): void {
    this.producer().catch((error: unknown) => {
      this.logger.warn({ error_message: (error as Error).message }, 'Kafka producer not connected yet; will retry on publish');
    });
  }

  async publish(topic: TopicName, key: string, event: Keyed): Promise<void> {
    await this.send(topic, key, JSON.stringify(event), eventHeaders(event.request_id));
  }

  /** Publishes several events at once (one batch); resolves when the broker acknowledged all of them. */
  async publishAll(messages: readonly OutboxMessage[]): Promise<void> {
    await Promise.all(messages.map((message) => this.publish(message.topic, message.key, message.event)));
  }

  /** Publishes a value already encoded by the caller (written as it is), with headers of its own. */
  async publishEncoded(topic: TopicName, key: string, value: string, headers: Record<string, string>): Promise<void> {
    await this.send(topic, key, value, headers);
  }

  private async send(topic: TopicName, key: string, value: string, headers: Record<string, string>): Promise<void> {
    try {
      await this.batcher.add({ topic, key, value, headers });
    } catch (error) {
      throw new PublishFailedError(topic, error);
    }
  }

  /** The messages in sends of at most MAX_SEND_BYTES (sendsOf), one after another, so each partition keeps their order. */
  private async sendBatch(messages: OutgoingMessage[]): Promise<void> {
    for (const send of sendsOf(messages)) await this.sendOne(send);
  }

  private async sendOne(messages: OutgoingMessage[]): Promise<void> {
    const byTopic = new Map<TopicName, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const { topic, key, value, headers } of messages) {
      const list = byTopic.get(topic) ?? [];
      list.push({ key, value, headers });
      byTopic.set(topic, list);
    }
    const topicMessages = [...byTopic].map(([topic, list]) => ({ topic: busTopic(this.environment, topic), messages: list }));
    await within(
      this.producer().then((producer) => producer.sendBatch({ acks: -1, topicMessages })),
      PUBLISH_TIMEOUT_MS,
      () => {
        throw new PublishTimeoutError();
      },
    );
  }

  /** The connected producer; a failed connection is forgotten, so the next publish connects again. */
  private async producer(): Promise<Producer> {
    try {
      return await this.client.connect();
    } catch (error) {
      await this.client.close().catch(() => undefined);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
