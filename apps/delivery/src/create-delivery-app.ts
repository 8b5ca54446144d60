import { createServiceApp, ServiceModule } from '@followup/http';
import { ContactDirectoryModule } from './contact-directory/contact-directory.module';

export function createDeliveryApp(overrides: Record<string, unknown> = {}) {
  return createServiceApp('delivery', ServiceModule.register('delivery', [ContactDirectoryModule], overrides), { consumesEvents: true });
}
