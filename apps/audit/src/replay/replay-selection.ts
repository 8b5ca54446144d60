import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AuditRecordedEvent } from '@followup/contracts';
import { ChainedRecord } from '../chain/audit-chain';
import { canonicalJson } from '../chain/canonical-json';

export interface ReplayFilter {
  /** Records recorded at or after this instant (ISO). */
  from: string;
  /** Records recorded before this instant (ISO). */
  to?: string;
  tenant?: string;
  lead?: string;
}

export type OfferOutcome = 'matched' | 'filtered' | 'duplicate' | 'invalid';

/** Parses and normalises the CLI's window; throws with a message a person can act on. */
export function replayFilterOf(flags: { from?: unknown; to?: unknown; tenant?: unknown; lead?: unknown }): ReplayFilter {
  const instant = (name: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    const time = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(time)) throw new Error(`--${name} must be an ISO 8601 date or date-time`);
    return new Date(time).toISOString();
  };
  const from = instant('from', flags.from);
  if (!from) throw new Error('--from <time> is required');
  const to = instant('to', flags.to);
  if (to && to <= from) throw new Error('--to must be later than --from');
  const text = (name: string, value: unknown) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') throw new Error(`--${name} needs a value`);
    return value;
  };
  return { from, to, tenant: text('tenant', flags.tenant), lead: text('lead', flags.lead) };
}

export function matchesReplayFilter(record: ChainedRecord, filter: ReplayFilter): boolean {
  if (record.recorded_at < filter.from) return false;
  if (filter.to && record.recorded_at >= filter.to) return false;
  if (filter.tenant && record.tenant !== filter.tenant) return false;
  if (filter.lead && record.lead_id !== filter.lead) return false;
  return true;
}

/**
 * Collects replayed records: validates each against the audit record contract, keeps those in the
 * window, and one copy per (tenant, sequence) (the topic may hold a record twice after an outbox retry).
 * The result is in a fixed order, tenant then sequence, whatever order the partitions delivered in.
 */
export class ReplayCollector {
  private readonly records = new Map<string, ChainedRecord>();

  constructor(private readonly filter: ReplayFilter) {}

  offer(value: unknown): OfferOutcome {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'invalid';
    const record = plainToInstance(AuditRecordedEvent, value);
    if (validateSync(record).length > 0) return 'invalid';
    if (!matchesReplayFilter(value as ChainedRecord, this.filter)) return 'filtered';
    const key = `${record.tenant}\u0000${record.sequence}`;
    if (this.records.has(key)) return 'duplicate';
    this.records.set(key, value as ChainedRecord);
    return 'matched';
  }

  get size(): number {
    return this.records.size;
  }

  sorted(): ChainedRecord[] {
    return [...this.records.values()].sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : a.sequence - b.sequence));
  }
}

/** One record per line, canonical JSON (sorted keys), so the same window always gives the same bytes. */
export function toNdjsonLine(record: ChainedRecord): string {
  return `${canonicalJson(record)}\n`;
}

export function countByTenant(records: ChainedRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) counts[record.tenant] = (counts[record.tenant] ?? 0) + 1;
  return counts;
}
