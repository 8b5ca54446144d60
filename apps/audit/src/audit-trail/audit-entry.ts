import { AuditAiOutput, AuditReview, DeadLetterEvent, EventEnvelope, UNATTRIBUTED_TENANT } from '@followup/contracts';
import type { RecordToChain } from './audit-chain-appender';
import { digestOf, FoundText, freeTextsOf, sealPayload } from './restricted-texts';
import { digestKeyOwnerOf, DigestKeys } from './text-digest-keys';

/** A text the audit trail keeps apart from the record, in the restricted `draft_texts` collection. */
export interface DraftText {
  kind: string;
  text: string;
}

/**
 * What one event becomes: the record (not yet chained or timed) and the texts kept apart from it. The record's payload
 * is sealed once the digest key of the texts' owner is known (sealedRecordOf); until then the entry holds the payload
 * as the event carried it, names and texts in it, never to be chained or published as it is.
 */
export interface AuditEntry {
  record: Omit<RecordToChain, 'payload'>;
  payload: object;
  drafts: DraftText[];
}

/** The record to chain: the payload with names and contacts removed and every free text replaced by its keyed digest. */
export function sealedRecordOf({ record, payload }: AuditEntry, keys: DigestKeys): RecordToChain {
  return { ...record, payload: sealPayload(payload, (text) => digestOf(text, keys.of(digestKeyOwnerOf(record)))) };
}

const SAFE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

interface LooseIds {
  recommendation_id?: unknown;
  lead_id?: unknown;
  lead?: { lead_id?: unknown };
}

interface LoosePayload extends LooseIds {
  decision?: unknown;
  stage?: unknown;
  verdict?: unknown;
  outcome?: unknown;
  kind?: unknown;
  error?: { code?: unknown };
  error_code?: unknown;
  ai_service_version?: unknown;
  confidence?: unknown;
  result?: Record<string, unknown>;
  reviewer?: { sub?: unknown; role?: unknown };
  edit_diff?: unknown;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** `recommendation.rejected`, `compliance.pre_delivery.blocked`, `delivery.failed`…: the event type sharpened by its outcome. */
export function actionOf(eventType: string, payload: LoosePayload): string {
  switch (eventType) {
    case 'recommendation.reviewed':
      return str(payload.decision) ? `recommendation.${payload.decision as string}` : eventType;
    case 'compliance.screened':
      return str(payload.stage) && str(payload.verdict) ? `compliance.${payload.stage as string}.${payload.verdict as string}` : eventType;
    case 'delivery.attempted':
      return str(payload.outcome) ? `delivery.${payload.outcome as string}` : eventType;
    case 'notification.requested':
      return str(payload.kind) ? `notification.${payload.kind as string}` : eventType;
    default:
      return eventType;
  }
}

function aiOutputOf(payload: LoosePayload): AuditAiOutput | undefined {
  const result = payload.result;
  if (!result || typeof result !== 'object') return undefined;
  const { priority_score, recommended_action, recommended_channel, requires_human_approval } = result as AuditAiOutput;
  return {
    priority_score,
    recommended_action,
    recommended_channel,
    requires_human_approval,
    confidence: str(payload.confidence),
  };
}

function reviewOf(payload: LoosePayload): AuditReview | undefined {
  if (!str(payload.decision) || !payload.reviewer) return undefined;
  return {
    decision: payload.decision as string,
    reviewer_sub: String(payload.reviewer.sub),
    reviewer_role: String(payload.reviewer.role),
    edited: payload.decision === 'edited_and_approved' || str(payload.edit_diff) !== undefined,
  };
}

/** The names the drafts route has always given these texts; any other free text is named by its payload path. */
const NAMED_TEXTS: Record<string, string> = {
  'recommendation.generated result.draft_message': 'generated',
  'recommendation.generated llm_exchange.masked_prompt': 'llm_prompt_masked',
  'recommendation.generated llm_exchange.raw_answer': 'llm_answer_raw',
  'recommendation.generated llm_exchange.refused_answers': 'llm_answers_refused',
  'recommendation.failed llm_exchange.masked_prompt': 'llm_prompt_masked',
  'recommendation.failed llm_exchange.raw_answer': 'llm_answer_raw',
  'recommendation.failed llm_exchange.refused_answers': 'llm_answers_refused',
  'recommendation.reviewed draft_message': 'reviewed',
  'recommendation.reviewed original_draft': 'original',
  'recommendation.reviewed edit_diff': 'edit_diff',
  'dead_letter original_value': 'dead_letter_original',
};

function textKindOf(eventType: string, payload: LoosePayload, found: FoundText): string {
  if (eventType === 'compliance.screened' && found.path === 'draft_message') return `screened_${String(payload.stage)}`;
  return NAMED_TEXTS[`${eventType} ${found.path}`] ?? found.path;
}

/** The payload's free texts, named, to keep apart. */
function draftsOf(eventType: string, payload: object): DraftText[] {
  return freeTextsOf(payload).map((found) => ({ kind: textKindOf(eventType, payload as LoosePayload, found), text: found.text }));
}

/** An event as the audit trail keeps it: ids, actor, action, PII-free payload, AI output, review, error code. */
export function auditEntryOf(sourceTopic: string, event: EventEnvelope<object>): AuditEntry {
  const payload = event.payload as LoosePayload;
  const review = reviewOf(payload);
  const drafts = draftsOf(event.event_type, event.payload);
  const errorCode = str(payload.error?.code) ?? str(payload.error_code);
  return {
    record: {
      record_version: drafts.length > 0 ? 2 : 1,
      tenant: event.tenant,
      event_id: event.event_id,
      source_topic: sourceTopic,
      event_type: event.event_type,
      action: actionOf(event.event_type, payload),
      occurred_at: new Date(event.occurred_at).toISOString(),
      request_id: event.request_id,
      lead_id: str(payload.lead_id) ?? str(payload.lead?.lead_id),
      recommendation_id: str(payload.recommendation_id),
      actor: review
        ? { kind: 'user', id: review.reviewer_sub, role: review.reviewer_role }
        : { kind: event.actor.kind, id: event.actor.id, role: event.actor.role },
      ai_output: event.event_type === 'recommendation.generated' ? aiOutputOf(payload) : undefined,
      ai_service_version: payload.ai_service_version as Record<string, unknown> | undefined,
      review,
      error_code: errorCode,
      draft_kinds: drafts.length > 0 ? drafts.map((draft) => draft.kind) : undefined,
    },
    payload: event.payload,
    drafts,
  };
}

/**
 * A dead letter is not an envelope. Its tenant, request and ids are read from the failed message when
 * they look like ids (they come from a message that failed validation, so nothing else is trusted); the
 * raw message itself may hold PII and is kept only in `draft_texts`.
 */
export function deadLetterEntryOf(sourceTopic: string, deadLetter: DeadLetterEvent): AuditEntry {
  let original: LooseIds & { tenant?: unknown; payload?: LooseIds } = {};
  try {
    const parsed: unknown = JSON.parse(deadLetter.original_value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) original = parsed as typeof original;
  } catch {
    // not JSON: nothing to attribute
  }
  const safe = (value: unknown) => (typeof value === 'string' && SAFE_ID.test(value) ? value : undefined);
  const ids: LooseIds = typeof original.payload === 'object' && original.payload !== null ? original.payload : {};
  const payload = { ...deadLetter };
  const drafts = draftsOf('dead_letter', payload);
  return {
    record: {
      record_version: drafts.length > 0 ? 2 : 1,
      tenant: safe(original.tenant) ?? UNATTRIBUTED_TENANT,
      event_id: `dead-letter:${deadLetter.consumer}:${deadLetter.source_topic}:${deadLetter.source_partition}:${deadLetter.source_offset}`,
      source_topic: sourceTopic,
      event_type: 'dead_letter',
      action: `dead_letter.${deadLetter.reason}`,
      occurred_at: new Date(deadLetter.dead_lettered_at).toISOString(),
      request_id: safe(deadLetter.request_id),
      lead_id: safe(ids.lead_id) ?? safe(ids.lead?.lead_id),
      recommendation_id: safe(ids.recommendation_id),
      actor: { kind: 'service', id: deadLetter.consumer },
      error_code: deadLetter.reason,
      draft_kinds: drafts.length > 0 ? drafts.map((draft) => draft.kind) : undefined,
    },
    payload,
    drafts,
  };
}
