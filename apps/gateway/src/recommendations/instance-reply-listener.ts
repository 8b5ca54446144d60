import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { Environment, instanceId, within } from '@followup/config';
import { RecommendationFailedEvent, RecommendationGeneratedEvent, Topics } from '@followup/contracts';
import { REQUEST_ID_HEADER } from '@followup/logging';
import { busTopic, checkEvent, CONSUMER_FETCH_WAIT_MS, instanceReplyGroupId, kafkaClientConfig, logicalTopic } from '@followup/messaging';
import { answerFromFailed, answerFromGenerated } from './recommender-answers';
import { RecommenderAnswer, RecordRecommendationOutcomeUseCase } from './record-recommendation-outcome.use-case';
import { ReplyWaiter } from './reply-waiter';

/** How long start-up waits for the reply consumer to fetch before the gateway serves without it. */
const REPLY_LISTENER_START_WAIT_MS = 10_000;

/**
 * Reads every recommender answer through a consumer group of its own, so the answer to an HTTP request
 * reaches the gateway instance holding it even when another instance's durable consumer owns the partition. The
 * group never commits and starts at the end: it records and hands on only answers to requests waiting here, which
 * it recognises by their request id header without parsing the others; the durable group
 * (RecommendationOutcomesConsumer) records every answer, whoever waits for it.
 */
@Injectable()
export class InstanceReplyListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: Consumer;
  private markFetching!: () => void;
  /** Settles once the group has joined and fetches: from then on no answer for this instance is missed. */
  readonly fetching = new Promise<void>((resolve) => (this.markFetching = resolve));

  constructor(
    private readonly replies: ReplyWaiter,
    private readonly recordOutcome: RecordRecommendationOutcomeUseCase,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(InstanceReplyListener.name);
  }

  /**
   * Nest awaits this before the HTTP server listens: a gateway that took requests before its group joined would
   * hold each of them until the reply timeout whenever another instance owns the answer's partition. The wait
   * is bounded, so a gateway still starts (and serves from the durable group) while the broker is away.
   */
  async onApplicationBootstrap(): Promise<void> {
    // One group per app, not per process: a test may run two gateway apps in one process.
    const listenerId = `${instanceId('gateway')}-${randomUUID().slice(0, 8)}`;
    const kafka = new Kafka(kafkaClientConfig(this.environment, 'gateway', `followup-gateway-replies-${listenerId}`));
    this.consumer = kafka.consumer({
      groupId: instanceReplyGroupId(this.environment, 'gateway', listenerId),
      allowAutoTopicCreation: false,
      sessionTimeout: 15_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: CONSUMER_FETCH_WAIT_MS,
    });
    // Not awaited: kafkajs keeps reconnecting while the broker is away; until the group has joined, answers
    // still arrive through the durable group or the stored record.
    this.listen(this.consumer).catch((error: unknown) => {
      this.logger.warn(
        { error_name: (error as Error).name },
        'instance reply consumer not started; answers arrive through the durable group',
      );
    });
    const started = await within(this.fetching, REPLY_LISTENER_START_WAIT_MS, () => 'gave_up' as const);
    if (started === 'gave_up')
      this.logger.warn('instance reply consumer not fetching yet; serving, answers arrive through the durable group');
  }

  private async listen(consumer: Consumer): Promise<void> {
    const stopListening = consumer.on(consumer.events.FETCH_START, () => {
      stopListening();
      this.markFetching();
    });
    await consumer.connect();
    const topics = [Topics.RecommendationGenerated, Topics.RecommendationFailed].map((topic) => busTopic(this.environment, topic));
    await consumer.subscribe({ topics, fromBeginning: false });
    await consumer.run({ autoCommit: false, eachMessage: (message) => this.onMessage(message) });
  }

  private async onMessage({ topic, message }: EachMessagePayload): Promise<void> {
    const requestId = message.headers?.[REQUEST_ID_HEADER]?.toString();
    if (!requestId || !this.replies.awaitsRequest(requestId) || !message.value) return;
    let raw: unknown;
    try {
      raw = JSON.parse(message.value.toString('utf8'));
    } catch {
      return; // the durable group dead-letters it
    }
    if (logicalTopic(this.environment, topic) === Topics.RecommendationGenerated) {
      const checked = await checkEvent(RecommendationGeneratedEvent, raw);
      if (!checked.problem) await this.hand(answerFromGenerated(checked.event));
    } else {
      const checked = await checkEvent(RecommendationFailedEvent, raw);
      if (!checked.problem) await this.hand(answerFromFailed(checked.event));
    }
  }

  /**
   * Records the answer before the waiting request returns it (a conditional write: a no-op when the durable group
   * recorded it first), so the caller's next call, an approval, finds the recommendation settled.
   */
  private async hand(answer: RecommenderAnswer): Promise<void> {
    try {
      await this.recordOutcome.execute(answer);
    } catch (error) {
      this.logger.warn({ error_name: (error as Error).name }, 'answer not recorded here; the durable group records it');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
