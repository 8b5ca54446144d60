import { createServiceApp, ServiceModule } from '@followup/http';
import { DraftIntakeModule } from './draft-intake/draft-intake.module';

export function createComplianceApp(overrides: Record<string, unknown> = {}) {
  return createServiceApp('compliance', ServiceModule.register('compliance', [DraftIntakeModule], overrides), { consumesEvents: true });
}
