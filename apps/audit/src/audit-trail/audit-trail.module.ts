import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditChainAppender } from './audit-chain-appender';
import { AuditChainConsumer } from './audit-chain.consumer';
import { AuditOutboxRelay } from './audit-outbox-relay';
import { AuditRecordPublisher } from './audit-record-publisher';
import {
  AuditChainHeadDocument,
  AuditChainHeadSchema,
  AuditRecordDocument,
  AuditRecordSchema,
  DraftTextDocument,
  DraftTextSchema,
} from './audit-record.schema';
import { AuditRecordRepository } from './audit-record.repository';
import { DraftTextRepository } from './draft-text.repository';
import { ChainRecordsUseCase } from './chain-records.use-case';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';
import { WorkflowEventsConsumer } from './workflow-events.consumer';
import { LeaseRecord, LeaseSchema } from '@followup/persistence';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: AuditRecordDocument.name, schema: AuditRecordSchema },
      { name: AuditChainHeadDocument.name, schema: AuditChainHeadSchema },
      { name: DraftTextDocument.name, schema: DraftTextSchema },
      { name: LeaseRecord.name, schema: LeaseSchema },
    ]),
  ],
  controllers: [WorkflowEventsConsumer],
  providers: [
    AuditRecordRepository,
    DraftTextRepository,
    AuditRecordPublisher,
    RecordAuditEventUseCase,
    AuditChainAppender,
    ChainRecordsUseCase,
    AuditChainConsumer,
    AuditOutboxRelay,
  ],
  exports: [
    AuditRecordRepository,
    DraftTextRepository,
    AuditRecordPublisher,
    AuditOutboxRelay,
    RecordAuditEventUseCase,
    AuditChainAppender,
    ChainRecordsUseCase,
    AuditChainConsumer,
  ],
})
export class AuditTrailModule {}
