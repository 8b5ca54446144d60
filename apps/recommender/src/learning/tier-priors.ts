import { Injectable } from '@nestjs/common';
import { ChannelHistory } from '../engine/channel-ranking';
import { ChannelObservationRepository } from './channel-observation.repository';

const CACHE_TTL_MS = 30_000;

/**
 * The tenant-and-tier channel history the prior is built from (and the reply hours), cached for 30 s per tenant and tier so a
 * burst of requests does not aggregate the observations for each one; new observations clear the entry.
 */
@Injectable()
export class TierPriors {
  private readonly cache = new Map<string, { value: Promise<unknown>; expires: number }>();

  constructor(private readonly observations: ChannelObservationRepository) {}

  forTier(tenant: string, tier: string): Promise<ChannelHistory> {
    return this.cached(`${tenant}\u0000${tier}`, () => this.observations.channelHistory(tenant, tier));
  }

  /** Replies per hour of the week of the tier's leads and of all the tenant's, for the send-time fallback. */
  replyHours(tenant: string, tier: string): Promise<{ tier: number[]; tenant: number[] }> {
    return this.cached(`${tenant}\u0000${tier}\u0000hours`, async () => ({
      tier: await this.observations.replyHours(tenant, tier),
      tenant: await this.observations.replyHours(tenant),
    }));
  }

  forget(tenant: string, tier: string): void {
    this.cache.delete(`${tenant}\u0000${tier}`);
    this.cache.delete(`${tenant}\u0000${tier}\u0000hours`);
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.cache.get(key);
    if (cached && cached.expires > Date.now()) return cached.value as Promise<T>;
    const value = load();
    this.cache.set(key, { value, expires: Date.now() + CACHE_TTL_MS });
    value.catch(() => this.cache.delete(key));
    return value;
  }
}
