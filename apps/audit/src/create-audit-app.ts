import { createServiceApp, ServiceModule } from '@followup/http';
import { AuditTrailModule } from './audit-trail/audit-trail.module';

export function createAuditApp(overrides: Record<string, unknown> = {}) {
  return createServiceApp('audit', ServiceModule.register('audit', [AuditTrailModule], overrides), { consumesEvents: true });
}
