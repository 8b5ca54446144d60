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
  TextDigestKeyDocument,
  TextDigestKeySchema,
} from './audit-record.schema';
import { AuditRecordRepository } from './audit-record.repository';
import { DraftTextRepository } from './draft-text.repository';
import { ChainRecordsUseCase } from './chain-records.use-case';
import { RecordAuditEventsUseCase } from './record-audit-events.use-case';
import { TextDigestKeyRepository } from './text-digest-key.repository';
import { TextDigestKeyring } from './text-digest-keyring';
import { LeaseRecord, LeaseSchema } from '@followup/persistence';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: AuditRecordDocument.name, schema: AuditRecordSchema },
      { name: AuditChainHeadDocument.name, schema: AuditChainHeadSchema },
      { name: DraftTextDocument.name, schema: DraftTextSchema },
      { name: TextDigestKeyDocument.name, schema: TextDigestKeySchema },
      { name: LeaseRecord.name, schema: LeaseSchema },
    ]),
  ],
  providers: [
    AuditRecordRepository,
    DraftTextRepository,
    TextDigestKeyRepository,
    TextDigestKeyring,
    AuditRecordPublisher,
    RecordAuditEventsUseCase,
    AuditChainAppender,
    ChainRecordsUseCase,
    AuditChainConsumer,
    AuditOutboxRelay,
  ],
  exports: [
    AuditRecordRepository,
    DraftTextRepository,
    TextDigestKeyring,
    AuditRecordPublisher,
    AuditOutboxRelay,
    RecordAuditEventsUseCase,
    AuditChainAppender,
    ChainRecordsUseCase,
    AuditChainConsumer,
  ],
})
export class AuditTrailModule {}
