import { randomBytes } from 'node:crypto';
import { Consumer, Kafka, Producer } from 'kafkajs';
import { validateEnvironment } from '@followup/config';
import { TopicName, Topics } from '@followup/contracts';
import { busTopic } from '@followup/messaging';
import { adminKafka } from './stack';

export interface ProducedAt {
  /** The logical topic, as consumers name it in their dead letters. */
  topic: TopicName;
  partition: number;
  offset: string;
}

export interface SeenDeadLetter {
  consumer: string;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  reason: string;
  problems: string[];
}

/**
 * Reads `followup.deadletter.v1` with a consumer group of its own (independent of the audit service),
 * and produces raw bytes while remembering where each message landed, so a test can ask "was exactly
 * this message dead-lettered, and by whom?".
 */
export class DeadLetterWatcher {
  readonly seen: SeenDeadLetter[] = [];
  private readonly kafka: Kafka;
  private readonly namespace = validateEnvironment(process.env);
  private consumer?: Consumer;
  private producer?: Producer;

  constructor() {
    this.kafka = adminKafka('followup-dead-letter-watcher');
  }

  async start(): Promise<void> {
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
    this.consumer = this.kafka.consumer({ groupId: `dead-letter-watcher-${randomBytes(4).toString('hex')}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: busTopic(this.namespace, Topics.DeadLetter), fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        try {
          this.seen.push(JSON.parse(message.value?.toString('utf8') ?? 'null'));
        } catch {
          // a dead letter that is not JSON would itself be a finding; the assertions will not see it
        }
      },
    });
  }

  /** Produces exactly these bytes (or a tombstone for null) and returns where they landed. */
  async produce(topic: TopicName, value: Buffer | string | null, key = 'hostile'): Promise<ProducedAt> {
    const [metadata] = await this.producer!.send({ topic: busTopic(this.namespace, topic), messages: [{ key, value }] });
    return { topic, partition: metadata.partition, offset: metadata.baseOffset! };
  }

  /** The dead letters written for one produced message. */
  for(at: ProducedAt): SeenDeadLetter[] {
    return this.seen.filter(
      (letter) => letter.source_topic === at.topic && letter.source_partition === at.partition && letter.source_offset === at.offset,
    );
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }
}
