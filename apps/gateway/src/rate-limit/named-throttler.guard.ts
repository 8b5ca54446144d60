import { ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { ErrorCode, FollowupError } from '@followup/contracts';

/** A ThrottlerGuard that applies one of the configured throttlers, to HTTP requests only, and refuses with the spec's 429. */
export abstract class NamedThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly throttlerName: string;

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter((throttler) => throttler.name === this.throttlerName);
  }

  override canActivate(context: ExecutionContext): Promise<boolean> {
    return context.getType() === 'http' ? super.canActivate(context) : Promise.resolve(true);
  }

  /** The seconds until the budget allows another request, in the message, the details and Retry-After. */
  protected override async throwThrottlingException(_: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, Math.ceil(limit.timeToBlockExpire));
    throw new FollowupError(ErrorCode.RateLimitExceeded, `Request rate limit exceeded. Retry after ${retryAfterSeconds} seconds.`, {
      retry_after_seconds: retryAfterSeconds,
    });
  }
}
