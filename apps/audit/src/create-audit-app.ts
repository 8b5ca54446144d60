import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthModule } from '@followup/auth';
import { createServiceApp, serveOpenApi, ServiceModule } from '@followup/http';
import { EventPublisher } from '@followup/messaging';
import { AuditQueryModule } from './audit-query/audit-query.module';
import { AuditTrailModule } from './audit-trail/audit-trail.module';
import { CheckpointsModule } from './checkpoints/checkpoints.module';
import { ErasureModule } from './erasure/erasure.module';

export async function createAuditApp(overrides: Record<string, unknown> = {}): Promise<NestExpressApplication> {
  const app = await createServiceApp(
    'audit',
    ServiceModule.register('audit', [AuthModule, AuditTrailModule, AuditQueryModule, CheckpointsModule, ErasureModule], overrides),
    {
      consumesEvents: true,
      configureHttp: (httpApp) => serveOpenApi(httpApp, { title: 'Followup audit API', description: 'The audit trail for analysts.' }),
    },
  );
  app.get(EventPublisher).warmUp();
  return app;
}
