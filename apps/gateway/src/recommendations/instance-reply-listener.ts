import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EachMessagePayload } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Environment, within } from '@followup/config';
import { RecommendationFailedEvent, RecommendationGeneratedEvent, Topics } from '@followup/contracts';
import { REQUEST_ID_HEADER } from '@followup/logging';
import { busTopic, checkEvent, InstanceConsumer, logicalTopic, topicEnds } from '@followup/messaging';
import { answerFromFailed, answerFromGenerated } from './recommender-answers';
import { RecommenderAnswer, RecordRecommendationOutcomeUseCase } from './record-recommendation-outcome.use-case';
import { ReplyWaiter } from './reply-waiter';

/** How long start-up waits for the reply consumer to fetch before the gateway serves without it. */
const REPLY_LISTENER_START_WAIT_MS = 10_000;
const ANSWER_TOPICS = [Topics.RecommendationGenerated, Topics.RecommendationFailed];

/**
 * Reads every recommender answer through an InstanceConsumer of its own, so the answer to an HTTP request reaches the
 * gateway instance holding it even when another instance's durable consumer owns the partition. It starts at the
 * topics' ends (again so after kafkajs gave it up: a request waiting meanwhile finds its answer in the stored record)
 * and records and hands on only answers to requests waiting here, which it recognises by their request id header
 * without parsing the others; the durable group (RecommendationOutcomesConsumer) records every answer, whoever waits
 * for it.
 */
@Injectable()
export class InstanceReplyListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: InstanceConsumer;
  private markFetching!: () => void;
  /** Settles once the consumer has joined and fetches: from then on no answer for this instance is missed. */
  readonly fetching = new Promise<void>((resolve) => (this.markFetching = resolve));

  constructor(
    private readonly replies: ReplyWaiter,
    private readonly recordOutcome: RecordRecommendationOutcomeUseCase,
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(InstanceReplyListener.name);
    this.consumer = new InstanceConsumer(
      environment,
      { service: 'gateway', name: 'replies', topics: ANSWER_TOPICS },
      {
        startPositions: (admin) =>
          topicEnds(
            admin,
            ANSWER_TOPICS.map((topic) => busTopic(environment, topic)),
          ),
        receive: (payload) => this.onMessage(payload),
        fetching: () => this.markFetching(),
      },
      logger,
    );
  }

  /**
   * Nest awaits this before the HTTP server listens: a gateway that took requests before its group joined would
   * hold each of them until the reply timeout whenever another instance owns the answer's partition. The wait
   * is bounded, so a gateway still starts (and serves from the durable group) while the broker is away.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.consumer.start();
    const started = await within(this.fetching, REPLY_LISTENER_START_WAIT_MS, () => 'gave_up' as const);
    if (started === 'gave_up')
      this.logger.warn('instance reply consumer not fetching yet; serving, answers arrive through the durable group');
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
    await this.consumer.stop();
  }
}
