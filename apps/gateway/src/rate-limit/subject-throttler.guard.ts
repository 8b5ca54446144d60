import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { ErrorCode, FollowupError } from '@followup/contracts';

interface ThrottledRequest {
  user?: { sub: string; tenant: string };
  ip?: string;
}

/** Limits per token subject (a CRM integration and a rep each get their own budget), not per IP. */
@Injectable()
export class SubjectThrottlerGuard extends ThrottlerGuard {
  override canActivate(context: ExecutionContext): Promise<boolean> {
    return context.getType() === 'http' ? super.canActivate(context) : Promise.resolve(true);
  }

  protected override async getTracker(request: ThrottledRequest): Promise<string> {
    return request.user ? `subject:${request.user.tenant}:${request.user.sub}` : `ip:${request.ip ?? 'unknown'}`;
  }

  protected override async throwThrottlingException(_: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, Math.ceil(limit.timeToBlockExpire));
    throw new FollowupError(ErrorCode.RateLimitExceeded, `Request rate limit exceeded. Retry after ${retryAfterSeconds} seconds.`, {
      retry_after_seconds: retryAfterSeconds,
    });
  }
}
