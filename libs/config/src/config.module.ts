import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ServiceName } from '@followup/contracts';
import { Clock, clockFor } from './clock';
import { Environment, refuseForbiddenDevelopmentDefaults, validateEnvironment } from './environment';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

/**
 * Validates the service's settings once (its own and the shared ones), refuses development defaults that grant access outside development, and
 * provides it typed (`Environment`) and through @nestjs/config's ConfigService. Overrides let one process
 * host several services with different settings (the integration tests do) without writing to process.env,
 * which is why ConfigModule is told to ignore it.
 */
@Global()
@Module({})
export class FollowupConfigModule {
  static forService(service: ServiceName, overrides: Record<string, unknown> = {}): DynamicModule {
    const environment = validateEnvironment({ ...process.env, ...overrides }, service);
    refuseForbiddenDevelopmentDefaults(environment);
    return {
      module: FollowupConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, ignoreEnvVars: true, load: [() => ({ ...environment })] })],
      providers: [
        { provide: Environment, useValue: environment },
        { provide: SERVICE_NAME, useValue: service },
        { provide: Clock, useValue: clockFor(environment) },
      ],
      exports: [Environment, SERVICE_NAME, Clock, ConfigModule],
    };
  }
}
