import { Injectable } from '@nestjs/common';
import type { Channel } from '@followup/contracts';
import { normaliseAddress } from './suppression-address';
import { SuppressionView } from './suppression-view';

/**
 * Asked right before each send, not only when the draft was approved: whether the address is on the tenant's
 * suppression list for the channel. A phone call is a task for a rep, never suppressed here.
 */
@Injectable()
export class SendPermission {
  constructor(private readonly suppressions: SuppressionView) {}

  async isSuppressed(tenant: string, channel: Channel, address: string): Promise<boolean> {
    if (channel === 'phone_call') return false;
    const normalised = normaliseAddress(channel, address);
    if (!normalised) return false;
    return this.suppressions.isActive({ tenant, channel, address: normalised });
  }
}
