import { Module } from '@nestjs/common';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { ErasureModule } from '../erasure/erasure.module';
import { RecordFetchUseCase } from './record-fetch.use-case';
import { WorkflowEventsConsumer } from './workflow-events.consumer';

/** The audit trail's first stage: what audit reads with its durable group, erasure requests included. */
@Module({
  imports: [AuditTrailModule, ErasureModule],
  providers: [RecordFetchUseCase, WorkflowEventsConsumer],
})
export class WorkflowEventsModule {}
