import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthModule } from '@followup/auth';
import { createServiceApp, serveOpenApi, ServiceModule } from '@followup/http';
import { EventPublisher, OutboxModule } from '@followup/messaging';
import { developmentLoginAllowed, loopbackHostsOnly } from './console/console-access';
import { ConsoleModule } from './console/console.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { EngagementLogRecord, EngagementLogSchema } from './engagements/engagement-log.schema';
import { EngagementsModule } from './engagements/engagements.module';
import { ErasureModule } from './erasure/erasure.module';
import { LeadsModule } from './leads/leads.module';
import { ManualQueueModule } from './manual-queue/manual-queue.module';
import { NotificationsModule } from './notifications/notifications.module';
import { AddressRateLimitModule, SubjectRateLimitModule } from './rate-limit/rate-limit.module';
import { trustedProxies } from './rate-limit/throttlers';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { ForwardedOpenApi } from './service-routes/forwarded-openapi';
import { ServiceRoutesModule } from './service-routes/service-routes.module';
import { ReviewModule } from './review/review.module';

/**
 * Guards run in module order: the per-address rate limit (before any token is looked at), authentication
 * and roles (AuthModule), then the per-subject rate limit.
 */
export async function createGatewayApp(overrides: Record<string, unknown> = {}): Promise<NestExpressApplication> {
  const module = ServiceModule.register(
    'gateway',
    [
      AddressRateLimitModule,
      AuthModule,
      SubjectRateLimitModule,
      OutboxModule.forService([{ name: EngagementLogRecord.name, schema: EngagementLogSchema }]),
      LeadsModule,
      RecommendationsModule,
      ReviewModule,
      EngagementsModule,
      ManualQueueModule,
      NotificationsModule,
      ServiceRoutesModule,
      DashboardModule,
      ConsoleModule,
      ErasureModule,
    ],
    overrides,
  );
  const app = await createServiceApp('gateway', module, {
    // its answers reach a waiting request through InstanceReplyListener (at once); this group records them durably
    consumesEvents: 'batched',
    configureHttp: (httpApp, environment) => {
      if (developmentLoginAllowed(environment)) httpApp.use(loopbackHostsOnly(environment.HOST));
      httpApp.set('trust proxy', trustedProxies(environment.TRUSTED_PROXIES));
      serveOpenApi(httpApp, {
        title: 'Followup gateway API',
        description: 'AI-assisted lead follow-up: the public API, the routes the gateway forwards included.',
        complete: (document) => httpApp.get(ForwardedOpenApi).complete(document),
      });
    },
  });
  app.get(EventPublisher).warmUp();
  return app;
}
