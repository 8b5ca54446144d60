import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export const AUDIT_RECORDS = 'audit_records';
export const AUDIT_CHAIN_HEADS = 'audit_chain_heads';
export const DRAFT_TEXTS = 'draft_texts';

/**
 * One event as the audit trail keeps it (the fields of AuditRecordedEvent), plus `outbox_pending`: set in
 * the same write as the record, cleared once the audit topic acknowledged it. Written through the driver
 * as built (no casting, nothing minimised), so what is read back hashes exactly as what was written, but for the
 * payload, kept as its JSON text (storedAuditDocument, auditRecordOf). Times are ISO strings (fixed width, so they
 * compare and sort as time).
 */
@Schema({ collection: AUDIT_RECORDS, minimize: false, strict: false, versionKey: false })
export class AuditRecordDocument {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) sequence: number;
  @Prop({ required: true }) event_id: string;
  @Prop({ required: true }) event_type: string;
  @Prop({ required: true }) action: string;
  @Prop({ required: true }) occurred_at: string;
  @Prop({ required: true }) recorded_at: string;
  @Prop() lead_id?: string;
  @Prop() recommendation_id?: string;
  /**
   * The payload's JSON text (an object in records stored before): never queried inside, and FerretDB's cost of
   * storing a document grows with its number of fields (a generated recommendation's payload has over a hundred).
   */
  @Prop({ type: MongooseSchema.Types.Mixed }) payload: unknown;
  @Prop({ required: true }) previous_hash: string;
  @Prop({ required: true }) hash: string;
  @Prop({ required: true }) outbox_pending: boolean;
}

export const AuditRecordSchema = SchemaFactory.createForClass(AuditRecordDocument);
AuditRecordSchema.index({ event_id: 1 }, { unique: true });
AuditRecordSchema.index({ tenant: 1, sequence: 1 }, { unique: true });
AuditRecordSchema.index({ tenant: 1, lead_id: 1, sequence: 1 });
AuditRecordSchema.index({ tenant: 1, recommendation_id: 1, sequence: 1 });
AuditRecordSchema.index({ outbox_pending: 1, recorded_at: 1 });

/** A record as it is stored: its payload as JSON text. */
export function storedAuditDocument<R extends { payload: unknown }>(record: R): R {
  return { ...record, payload: JSON.stringify(record.payload) };
}

/**
 * A stored record as it was chained: its payload decoded (records stored before keep it as an object). A text that is
 * not JSON (written over in the database) is left as it is, so the record reads as stored and its hash does not match:
 * the verifier reports the break there, and every other reader goes on.
 */
export function auditRecordOf<R extends object>(stored: R): R {
  const { payload } = stored as { payload?: unknown };
  if (typeof payload !== 'string') return stored;
  try {
    return { ...stored, payload: JSON.parse(payload) as unknown };
  } catch {
    return stored;
  }
}

/** The last record of a tenant's chain; may lag one record behind after a crash, which the next append repairs. */
@Schema({ collection: AUDIT_CHAIN_HEADS, versionKey: false })
export class AuditChainHeadDocument {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) sequence: number;
  @Prop({ required: true }) hash: string;
}

export const AuditChainHeadSchema = SchemaFactory.createForClass(AuditChainHeadDocument);
AuditChainHeadSchema.index({ tenant: 1 }, { unique: true });

/**
 * Draft texts, edit diffs, raw dead-lettered messages and every other free text of an event (reasoning,
 * rejection reasons, notes, messages, activity summaries): PII may be in them, so they never go into the
 * audit record (a version 2 record chains their digests), the audit topic or a log line. An erasure blanks a
 * lead's to tombstones: tenant, event_id, kind, stored_at and erased_at, no text and no lead or recommendation id. Read through the drafts route: compliance and admins all of
 * them, sales managers the workflow drafts, a sales rep those of the leads they own.
 */
@Schema({ collection: DRAFT_TEXTS, versionKey: false })
export class DraftTextDocument {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) event_id: string;
  @Prop({ required: true }) kind: string;
  @Prop() recommendation_id?: string;
  @Prop() lead_id?: string;
  @Prop({ required: true }) text: string;
  @Prop({ required: true }) stored_at: string;
  @Prop() erased_at?: string;
}

export const DraftTextSchema = SchemaFactory.createForClass(DraftTextDocument);
DraftTextSchema.index({ event_id: 1, kind: 1 }, { unique: true });
DraftTextSchema.index({ tenant: 1, recommendation_id: 1 });
DraftTextSchema.index({ tenant: 1, lead_id: 1 });

export const TEXT_DIGEST_KEYS = 'text_digest_keys';

/**
 * The secret key under which the digests of one owner's restricted texts are chained (text-digest-keys.ts): a lead's,
 * a recommendation's that names no lead, or the tenant's for texts naming neither. 32 random bytes, hex. An erasure
 * deletes the lead's keys with its texts, after which no digest in the chain can be linked to any text.
 */
@Schema({ collection: TEXT_DIGEST_KEYS, versionKey: false })
export class TextDigestKeyDocument {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) owner: string;
  @Prop({ required: true }) key: string;
  @Prop({ required: true }) created_at: string;
}

export const TextDigestKeySchema = SchemaFactory.createForClass(TextDigestKeyDocument);
// owner first: the first stage asks for the owners of a batch, of any tenant
TextDigestKeySchema.index({ owner: 1, tenant: 1 }, { unique: true });
