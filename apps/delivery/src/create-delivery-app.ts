import { AuthModule } from '@followup/auth';
import { createServiceApp, serveOpenApi, ServiceModule } from '@followup/http';
import { CallTasksModule } from './call-tasks/call-tasks.module';
import { ContactDirectoryModule } from './contact-directory/contact-directory.module';
import { DraftDeliveryModule } from './draft-delivery/draft-delivery.module';

/** AuthModule first: its guards protect the call-task routes (Kafka handlers pass through them). */
export function createDeliveryApp(overrides: Record<string, unknown> = {}) {
  return createServiceApp(
    'delivery',
    ServiceModule.register('delivery', [AuthModule, ContactDirectoryModule, CallTasksModule, DraftDeliveryModule], overrides),
    { consumesEvents: true, configureHttp: (httpApp) => serveOpenApi(httpApp, { title: 'Followup delivery API', description: 'Call tasks created for phone-call deliveries.' }) },
  );
}
