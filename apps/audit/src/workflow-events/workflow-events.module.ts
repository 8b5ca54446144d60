import { Module } from '@nestjs/common';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { ErasureModule } from '../erasure/erasure.module';
import { ErasureRequestsRecorder } from './erasure-requests.consumer';
import { RecordFetchUseCase } from './record-fetch.use-case';
import { WorkflowEventsConsumer } from './workflow-events.consumer';

/** The audit trail's first stage: what audit reads with its durable group, and the erasure requests with their own. */
@Module({
  imports: [AuditTrailModule, ErasureModule],
  providers: [RecordFetchUseCase, WorkflowEventsConsumer, ErasureRequestsRecorder],
})
export class WorkflowEventsModule {}
