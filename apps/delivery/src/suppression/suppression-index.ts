import { getOrCreate } from '@followup/config';
import type { SuppressibleChannel } from '@followup/contracts';
import type { SuppressionRecord } from './suppression.schema';

/** What a send asks of an entry of the suppression list. */
export type SuppressionEntry = Pick<SuppressionRecord, 'tenant' | 'suppression_id' | 'channel' | 'address' | 'active'>;

/** A read of an entry's stored state, started because a change of it was announced. */
export interface EntryRead {
  readonly tenant: string;
  readonly suppression_id: string;
  readonly generation: number;
}

/**
 * The active addresses of every tenant's suppression list. A change's event names the entry but not its address, so
 * the entry's stored state is read again (`reading`, then `settle`); while any read of a tenant is under way its
 * answers are unknown (`isActive` undefined: ask the database). Only the newest read or write of an entry counts: a
 * read that started before another read, or before this instance wrote the entry itself (`put`), is ignored.
 */
export class SuppressionIndex {
  private readonly active = new Map<string, Set<string>>();
  private readonly reads = new Map<string, { newest: number; underWay: number }>();
  private readonly readingTenants = new Map<string, number>();

  constructor(entries: Iterable<SuppressionEntry> = []) {
    for (const entry of entries) this.store(entry);
  }

  /** Whether the address is opted out of the channel now; undefined while a change of the tenant's list is being read. */
  isActive(tenant: string, channel: SuppressibleChannel, address: string): boolean | undefined {
    if (this.readingTenants.has(tenant)) return undefined;
    return this.active.get(tenant)?.has(addressKey(channel, address)) ?? false;
  }

  /** An entry as stored, known first-hand (this instance wrote it): replaces what was known, and outdates reads under way. */
  put(entry: SuppressionEntry): void {
    const reads = this.reads.get(entry.suppression_id);
    if (reads) reads.newest += 1;
    this.store(entry);
  }

  /** A change of the entry was announced: its stored state is to be read, and settled with the answer. */
  reading(tenant: string, suppressionId: string): EntryRead {
    const reads = this.reads.get(suppressionId) ?? { newest: 0, underWay: 0 };
    reads.newest += 1;
    reads.underWay += 1;
    this.reads.set(suppressionId, reads);
    this.readingTenants.set(tenant, (this.readingTenants.get(tenant) ?? 0) + 1);
    return { tenant, suppression_id: suppressionId, generation: reads.newest };
  }

  /** The stored state a read found (null: none): kept unless a newer read or write of the entry came meanwhile. */
  settle(read: EntryRead, entry: SuppressionEntry | null): void {
    const reads = this.reads.get(read.suppression_id);
    if (!reads) return;
    if (entry && read.generation === reads.newest) this.store(entry);
    reads.underWay -= 1;
    if (reads.underWay === 0) this.reads.delete(read.suppression_id);
    const tenantReads = (this.readingTenants.get(read.tenant) ?? 1) - 1;
    if (tenantReads === 0) this.readingTenants.delete(read.tenant);
    else this.readingTenants.set(read.tenant, tenantReads);
  }

  private store(entry: SuppressionEntry): void {
    const addresses = getOrCreate(this.active, entry.tenant, () => new Set());
    if (entry.active) addresses.add(addressKey(entry.channel, entry.address));
    else addresses.delete(addressKey(entry.channel, entry.address));
  }
}

function addressKey(channel: SuppressibleChannel, address: string): string {
  return `${channel} ${address}`;
}
