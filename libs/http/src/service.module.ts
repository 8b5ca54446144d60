import { DynamicModule, Module, Type } from '@nestjs/common';
import { FollowupConfigModule } from '@followup/config';
import { ServiceName } from '@followup/contracts';
import { HealthModule } from '@followup/health';
import { FollowupLoggingModule } from '@followup/logging';
import { MessagingModule } from '@followup/messaging';
import { PersistenceModule } from '@followup/persistence';

/**
 * A service's root module: validated config, structured logs, its own database, Kafka, health checks,
 * and then its capability modules in the order given (guards registered by them run in that order).
 */
@Module({})
export class ServiceModule {
  static register(service: ServiceName, capabilities: (Type | DynamicModule)[], overrides: Record<string, unknown> = {}): DynamicModule {
    return {
      module: ServiceModule,
      imports: [
        FollowupConfigModule.forService(service, overrides),
        FollowupLoggingModule.forService(service),
        PersistenceModule.forService(service),
        MessagingModule.forService(service),
        HealthModule,
        ...capabilities,
      ],
    };
  }
}
