import type { KeyObject } from 'node:crypto';
import { AuditActor, Topics } from '@followup/contracts';
import { ChainBreak, ChainedRecord, ChainHead, UnchainedRecord } from '../chain/audit-chain';
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

/** The checkpoint a record carries, if it has the shape of one. */
export function checkpointIn(record: Pick<ChainedRecord, 'payload'>): Checkpoint | undefined {
  const candidate = (record.payload as { checkpoint?: Partial<Checkpoint> } | undefined)?.checkpoint;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const { tenant, sequence, head_hash, signed_at, key_id, signature } = candidate;
  const strings = [tenant, head_hash, signed_at, key_id, signature];
  if (strings.some((field) => typeof field !== 'string' || field === '') || !Number.isSafeInteger(sequence) || (sequence as number) < 0) {
    return undefined;
  }
  return { tenant, sequence, head_hash, signed_at, key_id, signature } as Checkpoint;
}

/** Whether the record at the head of a chain is a checkpoint of the head before it (nothing new to sign). */
export function isCheckpointOfPrevious(record: Pick<ChainedRecord, 'event_type' | 'sequence' | 'payload'>): boolean {
  return record.event_type === CHECKPOINT_EVENT_TYPE && checkpointIn(record)?.sequence === record.sequence - 1;
}

/**
 * Checks a checkpoint record met while walking a chain that verified up to and including it: the
 * signature must be one of `keys` over the checkpoint as written, and the head it signs must be the
 * chain's own head before it (same tenant, sequence and hash). Without `keys` only the head is compared.
 * A chain rewritten and re-chained consistently fails here, at the first checkpoint after the rewrite.
 */
export function checkpointBreakOf(record: ChainedRecord, keys?: ReadonlyMap<string, KeyObject>): ChainBreak | undefined {
  const fail = (kind: ChainBreak['kind'], expected: string, actual: string): ChainBreak => ({
    tenant: record.tenant,
    sequence: record.sequence,
    kind,
    expected,
    actual,
  });
  const checkpoint = checkpointIn(record);
  if (!checkpoint) return fail('checkpoint_malformed', 'a signed checkpoint in payload.checkpoint', 'none');
  if (keys) {
    const signature = checkCheckpointSignature(checkpoint, keys);
    if (signature === 'unknown_key')
      return fail('checkpoint_unknown_key', `one of key ids ${[...keys.keys()].join(', ')}`, checkpoint.key_id);
    if (signature === 'invalid')
      return fail('checkpoint_signature_invalid', `a signature by key ${checkpoint.key_id}`, 'a signature that does not verify');
  }
  const chain: ChainHead & { tenant: string } = { tenant: record.tenant, sequence: record.sequence - 1, hash: record.previous_hash };
  if (checkpoint.tenant !== chain.tenant || checkpoint.sequence !== chain.sequence || checkpoint.head_hash !== chain.hash) {
    return fail(
      'checkpoint_head_mismatch',
      `signed head ${checkpoint.tenant}#${checkpoint.sequence} ${checkpoint.head_hash}`,
      `chain head ${chain.tenant}#${chain.sequence} ${chain.hash}`,
    );
  }
  return undefined;
}
