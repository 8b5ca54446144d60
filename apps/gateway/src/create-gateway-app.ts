import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthModule } from '@followup/auth';
import { createServiceApp, ServiceModule } from '@followup/http';
import { EventPublisher } from '@followup/messaging';
import { EngagementsModule } from './engagements/engagements.module';
import { LeadsModule } from './leads/leads.module';
import { ManualQueueModule } from './manual-queue/manual-queue.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OutboxModule } from './outbox/outbox.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { ServiceRoutesModule } from './service-routes/service-routes.module';
import { ReviewModule } from './review/review.module';

export const OPENAPI_PATH = 'api/docs';

function serveOpenApi(app: NestExpressApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Followup gateway API')
    .setDescription('AI-assisted lead follow-up. Every error uses `{ "error": { "code", "message", "details" } }`.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(OPENAPI_PATH, app, document, { jsonDocumentUrl: `${OPENAPI_PATH}-json` });
}

/** Guards run in module order: authentication and roles (AuthModule), then the per-subject rate limit. */
export async function createGatewayApp(overrides: Record<string, unknown> = {}): Promise<NestExpressApplication> {
  const module = ServiceModule.register(
    'gateway',
    [
      AuthModule,
      RateLimitModule,
      LeadsModule,
      RecommendationsModule,
      ReviewModule,
      EngagementsModule,
      ManualQueueModule,
      NotificationsModule,
      ServiceRoutesModule,
      OutboxModule,
    ],
    overrides,
  );
  const app = await createServiceApp('gateway', module, {
    consumesEvents: true,
    configureHttp: (httpApp) => {
      httpApp.set('trust proxy', 'loopback');
      serveOpenApi(httpApp);
    },
  });
  app.get(EventPublisher).warmUp();
  return app;
}
