import { AuthModule } from '@followup/auth';
import { createServiceApp, serveOpenApi, ServiceModule } from '@followup/http';
import { OutboxModule } from '@followup/messaging';
import { ErasureModule } from './erasure/erasure.module';
import { EscalationRecord, EscalationSchema } from './escalations/escalation.schema';
import { EscalationsModule } from './escalations/escalations.module';
import { LeadDirectoryModule } from './lead-directory/lead-directory.module';
import { ScreeningModule } from './screening/screening.module';

export function createComplianceApp(overrides: Record<string, unknown> = {}) {
  return createServiceApp(
    'compliance',
    ServiceModule.register(
      'compliance',
      [
        AuthModule,
        OutboxModule.forService([{ name: EscalationRecord.name, schema: EscalationSchema }]),
        LeadDirectoryModule,
        ScreeningModule,
        EscalationsModule,
        ErasureModule,
      ],
      overrides,
    ),
    {
      consumesEvents: 'batched',
      configureHttp: (httpApp) =>
        serveOpenApi(httpApp, { title: 'Followup compliance API', description: 'Escalation cases of drafts blocked for potential PII.' }),
    },
  );
}
