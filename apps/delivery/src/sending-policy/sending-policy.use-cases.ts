import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AuthenticatedUser } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { isTimeZone } from './send-window';
import { SendingPolicy } from './sending-policy';
import { SendingPolicyCache } from './sending-policy-cache';
import { SendingPolicyRepository, StoredSendingPolicy } from './sending-policy.repository';

@Injectable()
export class GetSendingPolicyUseCase {
  constructor(private readonly policies: SendingPolicyRepository) {}

  execute(user: AuthenticatedUser): Promise<StoredSendingPolicy> {
    return this.policies.forTenant(user.tenant);
  }
}

/** What the DTO's field rules cannot say: a window closes after it opens, and the zone exists. */
function problemsOf(policy: SendingPolicy): string[] {
  const problems: string[] = [];
  for (const [channel, window] of Object.entries(policy.windows)) {
    if (window && window.end <= window.start) problems.push(`windows.${channel}.end`);
  }
  if (policy.default_time_zone !== null && !isTimeZone(policy.default_time_zone)) problems.push('default_time_zone');
  return problems;
}

/**
 * Replaces the tenant's policy; sends already scheduled keep their time and are checked again when due (by this
 * instance against the new policy at once, by another one within POLICY_CACHE_MS).
 */
@Injectable()
export class ReplaceSendingPolicyUseCase {
  constructor(
    private readonly policies: SendingPolicyRepository,
    private readonly cache: SendingPolicyCache,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ReplaceSendingPolicyUseCase.name);
  }

  async execute(user: AuthenticatedUser, policy: SendingPolicy): Promise<StoredSendingPolicy> {
    const problems = problemsOf(policy);
    if (problems.length > 0) {
      throw new FollowupError(ErrorCode.InvalidRequest, `Field${problems.length > 1 ? 's' : ''} ${problems.join(', ')} ${problems.length > 1 ? 'are' : 'is'} malformed.`, {
        invalid_fields: problems,
      });
    }
    await this.policies.replace(user.tenant, policy, user.sub);
    this.cache.forget(user.tenant);
    this.logger.info({ frequency_cap_hours: policy.frequency_cap_hours, holidays: policy.holidays.length }, 'sending policy replaced');
    return this.policies.forTenant(user.tenant);
  }
}
