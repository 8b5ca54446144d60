import type { KeyObject } from 'node:crypto';
import { AuditActor, Topics } from '@followup/contracts';
import { ChainBreak, ChainedRecord, UnchainedRecord } from '../chain/audit-chain';
import { Checkpoint, checkCheckpointSignature } from './checkpoint-signature';

/** event_type and action of the record that carries a checkpoint in its tenant's chain. */
export const CHECKPOINT_EVENT_TYPE = 'audit.checkpoint';

/** Unique per signed head, so two audit processes checkpointing the same head store it once. */
export function checkpointEventId(tenant: string, sequence: number): string {
  return `checkpoint:${tenant}:${sequence}`;
}

/**
 * The record that publishes a checkpoint: appended right after the head it signs (sequence + 1, its
 * previous_hash the signed hash), so it is stored, published and replayed like every other record, and
 * every later checkpoint signs a chain that contains it.
 */
export function checkpointRecordOf(checkpoint: Checkpoint, actor: AuditActor): Omit<UnchainedRecord, 'recorded_at'> {
  const { tenant, sequence, head_hash, signed_at, key_id, signature } = checkpoint;
  return {
    record_version: 1,
    tenant,
    event_id: checkpointEventId(tenant, sequence),
    source_topic: Topics.AuditRecorded,
    event_type: CHECKPOINT_EVENT_TYPE,
    action: CHECKPOINT_EVENT_TYPE,
    occurred_at: signed_at,
    actor,
    payload: { checkpoint: { tenant, sequence, head_hash, signed_at, key_id, signature } },
  };
}

/** The value as a checkpoint, if it has the shape of one (other members are left out). */
export function asCheckpoint(value: unknown): Checkpoint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { tenant, sequence, head_hash, signed_at, key_id, signature } = value as Partial<Checkpoint>;
  const strings = [tenant, head_hash, signed_at, key_id, signature];
  if (strings.some((field) => typeof field !== 'string' || field === '') || !Number.isSafeInteger(sequence) || (sequence as number) < 0) {
    return undefined;
  }
  return { tenant, sequence, head_hash, signed_at, key_id, signature } as Checkpoint;
}

/** The checkpoint a record carries, if it has the shape of one. */
export function checkpointIn(record: Pick<ChainedRecord, 'payload'>): Checkpoint | undefined {
  return asCheckpoint((record.payload as { checkpoint?: unknown } | undefined)?.checkpoint);
}

/** Whether the record at the head of a chain is a checkpoint of the head before it (nothing new to sign). */
export function isCheckpointOfPrevious(record: Pick<ChainedRecord, 'event_type' | 'sequence' | 'payload'>): boolean {
  return record.event_type === CHECKPOINT_EVENT_TYPE && checkpointIn(record)?.sequence === record.sequence - 1;
}

/**
 * Checkpoints a third party kept (to check the chain against copies the database cannot take back): the
 * body of `GET /api/v1/audit/checkpoints` (`{ items }`), a JSON array of them, or one per line (NDJSON).
 */
export function parseKeptCheckpoints(text: string): Checkpoint[] {
  const values = keptValues(text.trim());
  if (!values) {
    throw new Error('the kept checkpoints are neither a GET /api/v1/audit/checkpoints body, a JSON array, nor one JSON object per line');
  }
  return values.map((value, index) => {
    const checkpoint = asCheckpoint(value);
    if (!checkpoint || checkpoint.sequence < 1) throw new Error(`kept checkpoint ${index + 1} is not a checkpoint`);
    return checkpoint;
  });
}

function keptValues(text: string): unknown[] | undefined {
  try {
    const whole: unknown = JSON.parse(text);
    if (Array.isArray(whole)) return whole;
    const items = (whole as { items?: unknown } | null)?.items;
    return Array.isArray(items) ? items : [whole];
  } catch {
    try {
      return text.split('\n').flatMap((line) => (line.trim() === '' ? [] : [JSON.parse(line) as unknown]));
    } catch {
      return undefined;
    }
  }
}

type ChainPosition = { tenant: string; sequence: number; hash: string };

/**
 * A checkpoint against the chain at the position it claims: its signature must be by one of `keys` (when
 * given) over the checkpoint as written, and the head it signs must be the chain's at that position.
 */
function signedHeadBreak(
  checkpoint: Checkpoint,
  chain: ChainPosition,
  at: number,
  mismatch: ChainBreak['kind'],
  keys?: ReadonlyMap<string, KeyObject>,
): ChainBreak | undefined {
  const fail = (kind: ChainBreak['kind'], expected: string, actual: string): ChainBreak => ({
    tenant: chain.tenant,
    sequence: at,
    kind,
    expected,
    actual,
  });
  if (keys) {
    const signature = checkCheckpointSignature(checkpoint, keys);
    if (signature === 'unknown_key')
      return fail('checkpoint_unknown_key', `one of key ids ${[...keys.keys()].join(', ')}`, checkpoint.key_id);
    if (signature === 'invalid')
      return fail('checkpoint_signature_invalid', `a signature by key ${checkpoint.key_id}`, 'a signature that does not verify');
  }
  if (checkpoint.tenant !== chain.tenant || checkpoint.sequence !== chain.sequence || checkpoint.head_hash !== chain.hash) {
    return fail(
      mismatch,
      `signed head ${checkpoint.tenant}#${checkpoint.sequence} ${checkpoint.head_hash}`,
      `chain head ${chain.tenant}#${chain.sequence} ${chain.hash}`,
    );
  }
  return undefined;
}

/**
 * Checks a checkpoint record met while walking a chain that verified up to and including it: the
 * signature must be one of `keys` over the checkpoint as written, and the head it signs must be the
 * chain's own head before it (same tenant, sequence and hash). Without `keys` only the head is compared.
 * A chain rewritten and re-chained consistently fails here, at the first checkpoint after the rewrite.
 */
export function checkpointBreakOf(record: ChainedRecord, keys?: ReadonlyMap<string, KeyObject>): ChainBreak | undefined {
  const checkpoint = checkpointIn(record);
  if (!checkpoint) {
    return {
      tenant: record.tenant,
      sequence: record.sequence,
      kind: 'checkpoint_malformed',
      expected: 'a signed checkpoint in payload.checkpoint',
      actual: 'none',
    };
  }
  const before = { tenant: record.tenant, sequence: record.sequence - 1, hash: record.previous_hash };
  return signedHeadBreak(checkpoint, before, record.sequence, 'checkpoint_head_mismatch', keys);
}

/** Checks a kept checkpoint against the record at the sequence it signs (a chain verified up to there). */
export function keptCheckpointBreakOf(
  kept: Checkpoint,
  record: ChainedRecord,
  keys?: ReadonlyMap<string, KeyObject>,
): ChainBreak | undefined {
  return signedHeadBreak(
    kept,
    { tenant: record.tenant, sequence: record.sequence, hash: record.hash },
    record.sequence,
    'kept_checkpoint_mismatch',
    keys,
  );
}
