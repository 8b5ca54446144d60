import { getOrCreate } from '@followup/config';
import type { SuppressibleChannel, SuppressionChangedEvent } from '@followup/contracts';
import type { SuppressedChannelRecord } from './suppressed-channel.schema';

/** A suppression change as the recommender stores it: one record per lead that had the suppressed address. */
export function suppressedChannelRecordsOf(event: SuppressionChangedEvent): SuppressedChannelRecord[] {
  const { suppression_id, change, channel, lead_ids, changed_at } = event.payload;
  return lead_ids.map((lead_id) => ({
    tenant: event.tenant,
    lead_id,
    suppression_id,
    channel,
    active: change === 'suppressed',
    changed_at: new Date(changed_at),
  }));
}

type LeadSuppression = Pick<SuppressedChannelRecord, 'channel' | 'active' | 'changed_at'>;

/**
 * One tenant's suppressions in memory: per lead and suppression, the newest change. Keeps the stored collection's
 * rule: a change replaces the one held only when it is strictly newer (redelivered or reordered events change nothing).
 */
export class SuppressedChannelIndex {
  private readonly byLead = new Map<string, Map<string, LeadSuppression>>();

  apply({ lead_id, suppression_id, channel, active, changed_at }: Omit<SuppressedChannelRecord, 'tenant'>): boolean {
    const suppressions = getOrCreate(this.byLead, lead_id, () => new Map());
    const held = suppressions.get(suppression_id);
    if (held && held.changed_at.getTime() >= changed_at.getTime()) return false;
    suppressions.set(suppression_id, { channel, active, changed_at });
    return true;
  }

  /** The channels the lead opted out of (an active suppression), each once. */
  channelsOf(leadId: string): SuppressibleChannel[] {
    const active = [...(this.byLead.get(leadId)?.values() ?? [])].filter((suppression) => suppression.active);
    return [...new Set(active.map((suppression) => suppression.channel))];
  }
}
