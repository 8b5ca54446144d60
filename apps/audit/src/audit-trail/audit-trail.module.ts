import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditRecord, AuditRecordSchema } from './audit-record.schema';
import { AuditRecordRepository } from './audit-record.repository';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';
import { WorkflowEventsConsumer } from './workflow-events.consumer';

@Module({
  imports: [MongooseModule.forFeature([{ name: AuditRecord.name, schema: AuditRecordSchema }])],
  controllers: [WorkflowEventsConsumer],
  providers: [AuditRecordRepository, RecordAuditEventUseCase],
})
export class AuditTrailModule {}
