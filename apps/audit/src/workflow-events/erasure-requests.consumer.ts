import { Injectable } from '@nestjs/common';
import { EachBatchPayload } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { TopicName } from '@followup/contracts';
import { BatchConsumer, erasureRequestsReading } from '@followup/messaging';
import { RecordFetchUseCase } from './record-fetch.use-case';

/**
 * The erasure requests, read as every service reads them (erasureRequestsReading) and recorded as the first stage
 * records every event (RecordFetchUseCase: chained, then carried out): the first stage goes on recording every other
 * event while an erasure waits.
 */
@Injectable()
export class ErasureRequestsRecorder extends BatchConsumer {
  constructor(
    private readonly recordFetch: RecordFetchUseCase,
    environment: Environment,
    logger: PinoLogger,
  ) {
    super(environment, erasureRequestsReading(environment, 'audit'), logger);
    logger.setContext(ErasureRequestsRecorder.name);
  }

  protected async onBatch({ batch, heartbeat, resolveOffset }: EachBatchPayload, topic: TopicName): Promise<void> {
    await this.recordFetch.execute([{ topic, partition: batch.partition, messages: batch.messages }], heartbeat);
    resolveOffset(batch.lastOffset());
  }
}
