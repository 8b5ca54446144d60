import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { seconds, ThrottlerModule } from '@nestjs/throttler';
import { Environment } from '@followup/config';
import { SubjectThrottlerGuard } from './subject-throttler.guard';

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [Environment],
      useFactory: (environment: Environment) => ({
        throttlers: [{ name: 'default', ttl: seconds(environment.RATE_LIMIT_WINDOW_SECONDS), limit: environment.RATE_LIMIT_MAX_REQUESTS }],
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: SubjectThrottlerGuard }],
})
export class RateLimitModule {}
