import { Injectable } from '@nestjs/common';
import { ChannelHistory } from '../engine/channel-ranking';
import { ChannelObservationRepository } from './channel-observation.repository';

const CACHE_TTL_MS = 30_000;

/**
 * The tenant-and-tier channel history the prior is built from, cached for 30 s per tenant and tier so a
 * burst of requests does not aggregate the observations for each one; new observations clear the entry.
 */
@Injectable()
export class TierPriors {
  private readonly cache = new Map<string, { history: Promise<ChannelHistory>; expires: number }>();

  constructor(private readonly observations: ChannelObservationRepository) {}

  forTier(tenant: string, tier: string): Promise<ChannelHistory> {
    const key = `${tenant}\u0000${tier}`;
    const cached = this.cache.get(key);
    if (cached && cached.expires > Date.now()) return cached.history;
    const history = this.observations.channelHistory(tenant, tier);
    this.cache.set(key, { history, expires: Date.now() + CACHE_TTL_MS });
    history.catch(() => this.cache.delete(key));
    return history;
  }

  forget(tenant: string, tier: string): void {
    this.cache.delete(`${tenant}\u0000${tier}`);
  }
}
