import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { seconds, ThrottlerModule } from '@nestjs/throttler';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { AddressThrottlerGuard } from './address-throttler.guard';
import { throttlerStorageFor } from './shared-throttler-storage';
import { SubjectThrottlerGuard } from './subject-throttler.guard';
import { ADDRESS_THROTTLER, SUBJECT_THROTTLER } from './throttlers';

/**
 * Both budgets (ThrottlerModule is global), counted in Redis when RATE_LIMIT_REDIS_URL is set so they hold across
 * gateway instances, and the per-address guard: list it before AuthModule.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [Environment, PinoLogger],
      useFactory: (environment: Environment, logger: PinoLogger) => ({
        storage: throttlerStorageFor(environment, logger),
        throttlers: [
          { name: SUBJECT_THROTTLER, ttl: seconds(environment.RATE_LIMIT_WINDOW_SECONDS), limit: environment.RATE_LIMIT_MAX_REQUESTS },
          {
            name: ADDRESS_THROTTLER,
            ttl: seconds(environment.ADDRESS_RATE_LIMIT_WINDOW_SECONDS),
            limit: environment.ADDRESS_RATE_LIMIT_MAX_REQUESTS,
            // a refused request still gets Retry-After (from the error); no budget headers for an address
            setHeaders: false,
          },
        ],
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: AddressThrottlerGuard }],
})
export class AddressRateLimitModule {}

/** The per-subject guard: list it after AuthModule, which sets the subject. */
@Module({
  providers: [{ provide: APP_GUARD, useClass: SubjectThrottlerGuard }],
})
export class SubjectRateLimitModule {}
