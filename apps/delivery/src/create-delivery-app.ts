import { AuthModule } from '@followup/auth';
import { createServiceApp, serveOpenApi, ServiceModule } from '@followup/http';
import { OutboxModule } from '@followup/messaging';
import { CallTasksModule } from './call-tasks/call-tasks.module';
import { ContactDirectoryModule } from './contact-directory/contact-directory.module';
import { DeliveryAttemptRecord, DeliveryAttemptSchema } from './draft-delivery/delivery-attempt.schema';
import { DraftDeliveryModule } from './draft-delivery/draft-delivery.module';
import { ErasureModule } from './erasure/erasure.module';
import { SuppressionRecord, SuppressionSchema } from './suppression/suppression.schema';
import { SuppressionModule } from './suppression/suppression.module';
import { UnsubscribeModule } from './unsubscribe/unsubscribe.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** AuthModule first: its guards protect the call-task routes (Kafka handlers pass through them). */
export function createDeliveryApp(overrides: Record<string, unknown> = {}) {
  return createServiceApp(
    'delivery',
    ServiceModule.register(
      'delivery',
      [
        AuthModule,
        OutboxModule.forService([
          { name: DeliveryAttemptRecord.name, schema: DeliveryAttemptSchema },
          { name: SuppressionRecord.name, schema: SuppressionSchema },
        ]),
        ContactDirectoryModule,
        CallTasksModule,
        DraftDeliveryModule,
        SuppressionModule,
        UnsubscribeModule,
        WebhooksModule,
        ErasureModule,
      ],
      overrides,
    ),
    {
      consumesEvents: 'batched',
      configureHttp: (httpApp, environment) => {
        // the SMS provider's webhooks and mail clients' one-click unsubscribe POST forms
        httpApp.useBodyParser('urlencoded', { extended: false, limit: environment.HTTP_BODY_LIMIT, parameterLimit: 200 });
        serveOpenApi(httpApp, {
          title: 'Followup delivery API',
          description: 'Call tasks created for phone-call deliveries, the suppression list, the SMS webhook and one-click unsubscribe.',
        });
      },
    },
  );
}
