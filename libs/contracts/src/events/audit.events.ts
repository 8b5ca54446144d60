import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ACTOR_KINDS } from './envelope';
import type { PiiKind } from './workflow.events';

/** previous_hash of a tenant's first record: 64 zeros. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);
const SHA256_HEX = /^[0-9a-f]{64}$/;

export class AuditActor {
  @IsIn(ACTOR_KINDS)
  kind: (typeof ACTOR_KINDS)[number];

  @IsString()
  @IsNotEmpty()
  id: string;

  @IsOptional()
  @IsString()
  role?: string;
}

/**
 * What a record version 2 keeps of a free text (a draft, a reasoning summary, a rejection reason, a note, a
 * message), in place of the text: its digest (hex, over the UTF-8 text) and the PII kinds the detector found
 * in it. With `digest: 'hmac-sha256'` the digest is an HMAC-SHA256 under a random key of the text's lead (or
 * recommendation, or tenant) that only the audit service keeps and an erasure deletes, so nobody can confirm a
 * guessed text against it; records chained before such keys have no `digest` and a plain SHA-256. The text itself
 * is in the audit service's restricted `draft_texts`, from which an erasure deletes it; the chain, which hashes
 * only the digest, still verifies afterwards.
 */
export interface RestrictedTextDigest {
  sha256: string;
  pii_kinds: PiiKind[];
  digest?: 'hmac-sha256';
}

/** Record versions: 1 kept free texts (reasoning summary, rejection reason) verbatim; 2 keeps their digests. */
export const AUDIT_RECORD_VERSIONS = [1, 2] as const;
export type AuditRecordVersion = (typeof AUDIT_RECORD_VERSIONS)[number];

/**
 * What the AI produced, minus the draft text (kept apart, in the audit service's restricted `draft_texts`).
 * `reasoning_summary` only in version 1 records; version 2 has its digest in `payload.result`.
 */
export class AuditAiOutput {
  @IsOptional() @IsNumber() priority_score?: number;
  @IsOptional() @IsString() recommended_action?: string;
  @IsOptional() @IsString() recommended_channel?: string;
  @IsOptional() @IsString() reasoning_summary?: string;
  @IsOptional() @IsString() confidence?: string;
  @IsOptional() @IsBoolean() requires_human_approval?: boolean;
}

/**
 * A rep's decision on a recommendation; an edit's diff is kept with the draft texts, not here.
 * `rejection_reason` only in version 1 records; version 2 has its digest in `payload.rejection_reason`.
 */
export class AuditReview {
  @IsString() decision: string;
  @IsString() reviewer_sub: string;
  @IsString() reviewer_role: string;
  @IsBoolean() edited: boolean;
  @IsOptional() @IsString() @MaxLength(1000) rejection_reason?: string;
}

/**
 * Headers of every message on `followup.audit.v1`, copies of the record's own fields, so a reader can
 * select, order and de-duplicate records without parsing them (the replay writes selected values through).
 */
export const AUDIT_RECORD_HEADERS = {
  tenant: 'x-audit-tenant',
  sequence: 'x-audit-sequence',
  recordedAt: 'x-audit-recorded-at',
  leadId: 'x-audit-lead-id',
} as const;

/**
 * One appended audit record as the audit service stores it and publishes it on `followup.audit.v1`
 * (keyed by tenant, the value its canonical JSON, with AUDIT_RECORD_HEADERS). PII-free. `sequence` counts a tenant's records from 1 without gaps, and `hash` is
 * SHA-256 over the canonical JSON of every other field, `previous_hash` included, so a changed, removed
 * or reordered record breaks the chain.
 */
export class AuditRecordedEvent {
  static readonly type = 'audit.recorded';

  @IsIn(AUDIT_RECORD_VERSIONS)
  record_version: AuditRecordVersion;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  tenant: string;

  @IsInt()
  @Min(1)
  sequence: number;

  @IsString()
  @IsNotEmpty()
  event_id: string;

  @IsString()
  source_topic: string;

  @IsString()
  event_type: string;

  @IsString()
  action: string;

  @IsISO8601({ strict: true })
  occurred_at: string;

  @IsISO8601({ strict: true })
  recorded_at: string;

  @IsOptional() @IsString() request_id?: string;
  @IsOptional() @IsString() lead_id?: string;
  @IsOptional() @IsString() recommendation_id?: string;

  @ValidateNested()
  @Type(() => AuditActor)
  actor: AuditActor;

  /**
   * The event's payload with names and contact details replaced by a marker, and (version 2) every free text
   * by its RestrictedTextDigest; version 1 replaced drafts by the marker and kept other free texts.
   */
  @IsObject()
  payload: Record<string, unknown>;

  @IsOptional()
  @ValidateNested()
  @Type(() => AuditAiOutput)
  ai_output?: AuditAiOutput;

  @IsOptional()
  @IsObject()
  ai_service_version?: Record<string, unknown>;

  @IsOptional()
  @ValidateNested()
  @Type(() => AuditReview)
  review?: AuditReview;

  @IsOptional() @IsString() error_code?: string;

  /**
   * Which texts of this event went to `draft_texts` (e.g. `generated`, `reviewed`, `original`, `edit_diff`, and in
   * version 2 the payload path of every other free text, e.g. `rejection_reason`, `result.reasoning_summary`).
   */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  draft_kinds?: string[];

  @Matches(SHA256_HEX)
  previous_hash: string;

  @Matches(SHA256_HEX)
  hash: string;
}
