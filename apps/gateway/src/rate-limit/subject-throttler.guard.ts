import { Injectable } from '@nestjs/common';
import { NamedThrottlerGuard } from './named-throttler.guard';
import { SUBJECT_THROTTLER } from './throttlers';

interface ThrottledRequest {
  user?: { sub: string; tenant: string };
  ip?: string;
}

/** Limits per token subject (a CRM integration and a rep each get their own budget), after authentication. */
@Injectable()
export class SubjectThrottlerGuard extends NamedThrottlerGuard {
  protected readonly throttlerName = SUBJECT_THROTTLER;

  protected override async getTracker(request: ThrottledRequest): Promise<string> {
    return request.user ? `subject:${request.user.tenant}:${request.user.sub}` : `ip:${request.ip ?? 'unknown'}`;
  }
}
