import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthModule } from '@followup/auth';
import { createServiceApp, ServiceModule } from '@followup/http';
import { EventPublisher } from '@followup/messaging';
import { AuditQueryModule } from './audit-query/audit-query.module';
import { AuditTrailModule } from './audit-trail/audit-trail.module';

function serveOpenApi(app: NestExpressApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Followup audit API')
    .setDescription('The audit trail for analysts. Every error uses `{ "error": { "code", "message", "details" } }`.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  SwaggerModule.setup('api/docs', app, SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'api/docs-json' });
}

export async function createAuditApp(overrides: Record<string, unknown> = {}): Promise<NestExpressApplication> {
  const app = await createServiceApp(
    'audit',
    ServiceModule.register('audit', [AuthModule, AuditTrailModule, AuditQueryModule], overrides),
    {
      consumesEvents: true,
      configureHttp: (httpApp) => serveOpenApi(httpApp),
    },
  );
  app.get(EventPublisher).warmUp();
  return app;
}
