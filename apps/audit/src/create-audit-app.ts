import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthModule } from '@followup/auth';
import { createServiceApp, serveOpenApi, ServiceModule } from '@followup/http';
import { EventPublisher } from '@followup/messaging';
import { AuditQueryModule } from './audit-query/audit-query.module';
import { AuditTrailModule } from './audit-trail/audit-trail.module';
import { CheckpointsModule } from './checkpoints/checkpoints.module';
import { WorkflowEventsModule } from './workflow-events/workflow-events.module';

export async function createAuditApp(overrides: Record<string, unknown> = {}): Promise<NestExpressApplication> {
  const app = await createServiceApp(
    'audit',
    ServiceModule.register('audit', [AuthModule, AuditTrailModule, WorkflowEventsModule, AuditQueryModule, CheckpointsModule], overrides),
    {
      // audit reads Kafka with kafkajs batch consumers of its own (WorkflowEventsConsumer, AuditChainConsumer)
      consumesEvents: 'none',
      configureHttp: (httpApp) => serveOpenApi(httpApp, { title: 'Followup audit API', description: 'The audit trail for analysts.' }),
    },
  );
  app.get(EventPublisher).warmUp();
  return app;
}
