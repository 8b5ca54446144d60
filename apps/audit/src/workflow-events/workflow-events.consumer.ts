import { Injectable } from '@nestjs/common';
import { EachBatchPayload } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Environment, GroupCommitBatcher } from '@followup/config';
import { TopicName } from '@followup/contracts';
import { BatchConsumer, consumerGroupId } from '@followup/messaging';
import { FetchedBatch, RecordFetchUseCase } from './record-fetch.use-case';
import { FIRST_STAGE_PARTITIONS, FIRST_STAGE_TOPICS } from './workflow-topics';

/**
 * The audit trail's first stage: reads every workflow topic, dead letters and erasure confirmations with the audit
 * service's durable group (the erasure requests come through ErasureRequestsRecorder), a fetch at a time. kafkajs starts the batches of all a fetch's partitions in one tick; they are
 * recorded together (one insert, one produce request), and each partition's offset is resolved only once that
 * write is acknowledged, then committed by kafkajs.
 */
@Injectable()
export class WorkflowEventsConsumer extends BatchConsumer {
  private readonly fetches = new GroupCommitBatcher<{ batch: FetchedBatch; heartbeat: () => Promise<void> }>((fetched) =>
    this.recordFetch.execute(
      fetched.map(({ batch }) => batch),
      () => fetched[0].heartbeat(),
    ),
  );

  constructor(
    private readonly recordFetch: RecordFetchUseCase,
    environment: Environment,
    logger: PinoLogger,
  ) {
    super(
      environment,
      {
        service: 'audit',
        clientId: 'followup-audit-consumer',
        groupId: consumerGroupId(environment, 'audit'),
        topics: FIRST_STAGE_TOPICS,
        partitionsConsumedConcurrently: FIRST_STAGE_PARTITIONS,
        pacing: 'background',
      },
      logger,
    );
    logger.setContext(WorkflowEventsConsumer.name);
  }

  protected async onBatch({ batch, heartbeat, resolveOffset }: EachBatchPayload, topic: TopicName): Promise<void> {
    await this.fetches.add({ batch: { topic, partition: batch.partition, messages: batch.messages }, heartbeat });
    resolveOffset(batch.lastOffset());
  }
}
