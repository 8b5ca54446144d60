import { Injectable } from '@nestjs/common';
import { SendingPolicy } from './sending-policy';
import { SendingPolicyRepository } from './sending-policy.repository';

/**
 * How long a delivery run may use a tenant's policy read before. A policy changes only through delivery's own API:
 * the instance that took the change forgets its copy at once, any other instance uses the previous policy for at
 * most this long (the staleness bound of send windows and the frequency cap after a change).
 */
export const POLICY_CACHE_MS = 5_000;

/** Values kept for `ttlMs` after their load began (concurrent callers share one load); a load that fails is not kept. */
export class ExpiringValues<V> {
  private readonly kept = new Map<string, { value: Promise<V>; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const kept = this.kept.get(key);
    if (kept && kept.until > now) return kept.value;
    const value = load();
    this.kept.set(key, { value, until: now + this.ttlMs });
    value.catch(() => {
      if (this.kept.get(key)?.value === value) this.kept.delete(key);
    });
    return value;
  }

  forget(key: string): void {
    this.kept.delete(key);
  }
}

/** The tenants' sending policies as delivery runs read them: one database read per tenant and POLICY_CACHE_MS. */
@Injectable()
export class SendingPolicyCache {
  private readonly policies = new ExpiringValues<SendingPolicy>(POLICY_CACHE_MS);

  constructor(private readonly repository: SendingPolicyRepository) {}

  forTenant(tenant: string): Promise<SendingPolicy> {
    return this.policies.get(tenant, () => this.repository.forTenant(tenant));
  }

  /** Called once the tenant's policy was replaced: the next run reads the new one. */
  forget(tenant: string): void {
    this.policies.forget(tenant);
  }
}
