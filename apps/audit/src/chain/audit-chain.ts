import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, AuditRecordedEvent } from '@followup/contracts';
import { canonicalJson } from '@followup/config';

export type ChainedRecord = AuditRecordedEvent;
/** A record before it is chained: everything but its position and hashes. */
export type UnchainedRecord = Omit<ChainedRecord, 'sequence' | 'previous_hash' | 'hash'>;

/** Fields that are the store's, not the record's: never hashed, never published. */
const NOT_HASHED = new Set(['hash', '_id', '__v', 'outbox_pending']);

/** The record's content as hashed and published: every field but `hash` and the store's own. */
export function recordContent(record: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !NOT_HASHED.has(key)));
}

/** SHA-256 (hex) of the canonical JSON of the record's content, `sequence` and `previous_hash` included. */
export function hashRecord(record: object): string {
  return createHash('sha256')
    .update(canonicalJson(recordContent(record)), 'utf8')
    .digest('hex');
}

export interface ChainHead {
  sequence: number;
  hash: string;
}

export const EMPTY_CHAIN: ChainHead = { sequence: 0, hash: AUDIT_GENESIS_HASH };

/** The record that follows `head` in its tenant's chain. */
export function chainRecord(record: UnchainedRecord, head: ChainHead): ChainedRecord {
  const chained = { ...record, sequence: head.sequence + 1, previous_hash: head.hash } as ChainedRecord;
  chained.hash = hashRecord(chained);
  return chained;
}

/** The published / API form of a stored record: the store's fields removed, `hash` last. */
export function publicRecord(stored: object): ChainedRecord {
  const { hash } = stored as ChainedRecord;
  const present = Object.entries(recordContent(stored)).filter(([, value]) => value !== null && value !== undefined);
  return { ...Object.fromEntries(present), hash } as unknown as ChainedRecord;
}

export type ChainBreakKind =
  | 'sequence_gap'
  | 'hash_mismatch'
  | 'previous_hash_mismatch'
  | 'tenant_mismatch'
  | 'truncated'
  | 'checkpoint_malformed'
  | 'checkpoint_unknown_key'
  | 'checkpoint_signature_invalid'
  | 'checkpoint_head_mismatch'
  | 'kept_checkpoint_mismatch';

export interface ChainBreak {
  tenant: string;
  sequence: number;
  kind: ChainBreakKind;
  expected: string;
  actual: string;
}

/**
 * Walks one tenant's records in sequence order, one at a time (so a chain of any length streams through
 * it), and remembers the first break: a sequence that is not the previous one plus one, a record whose
 * hash does not match its content, or a previous_hash that is not the previous record's hash.
 */
export class ChainVerifier {
  private head: ChainHead;
  private count = 0;
  private firstBreak?: ChainBreak;

  /** `start` lets a verifier begin mid-chain (a replayed window); by default a chain starts at sequence 1. */
  constructor(
    readonly tenant: string,
    start: ChainHead = EMPTY_CHAIN,
  ) {
    this.head = start;
  }

  get checked(): number {
    return this.count;
  }

  get lastHash(): string {
    return this.head.hash;
  }

  get lastSequence(): number {
    return this.head.sequence;
  }

  get break(): ChainBreak | undefined {
    return this.firstBreak;
  }

  /** Checks the next record; returns false once the chain is broken (later records are not checked). */
  push(record: ChainedRecord): boolean {
    if (this.firstBreak) return false;
    this.count += 1;
    const fail = (kind: ChainBreakKind, expected: string, actual: string) => {
      this.firstBreak = { tenant: this.tenant, sequence: record.sequence, kind, expected, actual };
      return false;
    };
    if (record.tenant !== this.tenant) return fail('tenant_mismatch', this.tenant, String(record.tenant));
    if (record.sequence !== this.head.sequence + 1) {
      return fail('sequence_gap', String(this.head.sequence + 1), String(record.sequence));
    }
    const recomputed = hashRecord(record);
    if (recomputed !== record.hash) return fail('hash_mismatch', recomputed, String(record.hash));
    if (record.previous_hash !== this.head.hash) return fail('previous_hash_mismatch', this.head.hash, String(record.previous_hash));
    this.head = { sequence: record.sequence, hash: record.hash };
    return true;
  }
}

/** Verifies a whole chain held in memory (records of one tenant in sequence order). */
export function verifyChain(tenant: string, records: Iterable<ChainedRecord>, start: ChainHead = EMPTY_CHAIN): ChainBreak | undefined {
  const verifier = new ChainVerifier(tenant, start);
  for (const record of records) if (!verifier.push(record)) break;
  return verifier.break;
}
