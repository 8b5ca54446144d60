import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { seconds, ThrottlerModule } from '@nestjs/throttler';
import { Environment } from '@followup/config';
import { AddressThrottlerGuard } from './address-throttler.guard';
import { SubjectThrottlerGuard } from './subject-throttler.guard';
import { ADDRESS_THROTTLER, SUBJECT_THROTTLER } from './throttlers';

/** Both budgets (ThrottlerModule is global) and the per-address guard: list it before AuthModule. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [Environment],
      useFactory: (environment: Environment) => ({
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
