import { validateSync } from 'class-validator';
import { canonicalJson, getOrCreate } from '@followup/config';
import { AuditRecordedEvent } from '@followup/contracts';
import { eventInstance, isJsonObject } from '@followup/messaging';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { AuditRecordPosition, auditPositionOf } from '../audit-trail/audit-record-headers';
import { ChainedRecord } from '../chain/audit-chain';

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

export function matchesReplayFilter(record: AuditRecordPosition, filter: ReplayFilter): boolean {
  if (record.recorded_at < filter.from) return false;
  if (filter.to && record.recorded_at >= filter.to) return false;
  if (filter.tenant && record.tenant !== filter.tenant) return false;
  if (filter.lead && record.lead_id !== filter.lead) return false;
  return true;
}

/** A selected record: its position, and its canonical JSON exactly as it will be written. */
export interface ReplayedRecord extends AuditRecordPosition {
  json: Buffer;
}

/** A message as the consumer hands it over. */
export interface ReplayMessage {
  value: Buffer | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

/** The record in a message with no position headers, parsed and held to the audit record contract. */
export function validAuditRecord(value: unknown): ChainedRecord | undefined {
  if (!isJsonObject(value)) return undefined;
  return validateSync(eventInstance(AuditRecordedEvent, value)).length === 0 ? (value as unknown as ChainedRecord) : undefined;
}

function parsed(value: Buffer): unknown {
  try {
    return JSON.parse(value.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Collects replayed records: keeps those in the window, and one copy per (tenant, sequence) (the topic
 * may hold a record twice after an outbox retry). The result is in a fixed order, tenant then sequence,
 * whatever order the partitions delivered in.
 *
 * The audit service publishes each record as its canonical JSON with its position in the headers, so
 * such a message is selected from its headers and its value kept as it is, unparsed: that is what makes
 * a replay run near the speed of the consumer. The contract is checked where records are used, not
 * copied (`parseReplayedRecords`, before a rebuild). A message without those headers is parsed, checked
 * against the contract and re-encoded canonically here.
 */
export class ReplayCollector {
  /** tenant → sequence → record */
  private readonly tenants = new Map<string, Map<number, ReplayedRecord>>();
  private count = 0;

  constructor(private readonly filter: ReplayFilter) {}

  offer(message: ReplayMessage): OfferOutcome {
    if (!message.value || message.value.length === 0) return 'invalid';
    const position = auditPositionOf(message.headers);
    if (position) {
      if (message.value[0] !== OPENING_BRACE) return 'invalid';
      return this.keep(position, message.value);
    }
    const record = validAuditRecord(parsed(message.value));
    if (!record) return 'invalid';
    return this.keep(record, Buffer.from(canonicalJson(record)));
  }

  private keep({ tenant, sequence, recorded_at, lead_id }: AuditRecordPosition, json: Buffer): OfferOutcome {
    const record: ReplayedRecord = { tenant, sequence, recorded_at, lead_id, json };
    if (!matchesReplayFilter(record, this.filter)) return 'filtered';
    const bySequence = getOrCreate(this.tenants, tenant, () => new Map());
    if (bySequence.has(sequence)) return 'duplicate';
    bySequence.set(sequence, record);
    this.count += 1;
    return 'matched';
  }

  get size(): number {
    return this.count;
  }

  sorted(): ReplayedRecord[] {
    return [...this.tenants.keys()]
      .sort()
      .flatMap((tenant) => [...this.tenants.get(tenant)!.values()].sort((a, b) => a.sequence - b.sequence));
  }
}

const OPENING_BRACE = 0x7b;
const NEWLINE = Buffer.from('\n');

export class InvalidReplayedRecordError extends Error {
  constructor(record: AuditRecordPosition) {
    super(`the record published as ${record.tenant} #${record.sequence} is not a valid audit record, or not the one its headers name`);
    this.name = 'InvalidReplayedRecordError';
  }
}

/** Parses the selected records and holds each to the audit record contract and to its headers. */
export function parseReplayedRecords(records: ReplayedRecord[]): ChainedRecord[] {
  return records.map((replayed) => {
    const record = validAuditRecord(parsed(replayed.json));
    const sameRecord =
      record?.tenant === replayed.tenant &&
      record.sequence === replayed.sequence &&
      record.recorded_at === replayed.recorded_at &&
      record.lead_id === replayed.lead_id;
    if (!record || !sameRecord) throw new InvalidReplayedRecordError(replayed);
    return record;
  });
}

/** Lines are handed to the stream in batches of about this size: a file stream pays per write, not per byte. */
const WRITE_BATCH_BYTES = 1024 * 1024;

/** One record per line, canonical JSON (sorted keys), so the same window always gives the same bytes. */
export async function writeNdjson(records: ReplayedRecord[], out: Writable): Promise<void> {
  out.cork();
  for (const record of records) {
    out.write(record.json);
    const belowHighWaterMark = out.write(NEWLINE);
    if (out.writableLength >= WRITE_BATCH_BYTES) {
      out.uncork();
      if (!belowHighWaterMark) await once(out, 'drain');
      out.cork();
    }
  }
  out.uncork();
}

export function countByTenant(records: AuditRecordPosition[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) counts[record.tenant] = (counts[record.tenant] ?? 0) + 1;
  return counts;
}
