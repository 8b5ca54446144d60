import { ErrorCode } from '@followup/contracts';

/**
 * Records as the gateway and compliance store them, for a test of how they are listed: written directly, with only the
 * fields a list reads and shows.
 */
export interface StoredRecommendationFields {
  recommendationId: string;
  tenant: string;
  createdAt: Date;
  /** Answered with this priority score; none: a request the AI service failed on (the manual queue's). */
  score?: number;
  /** Where the review workflow has it, since `changedAt` (default: when created); none: answered before lifecycles existed. */
  lifecycle?: string;
  changedAt?: Date;
  claimedBy?: string;
}

export function storedRecommendation({
  recommendationId,
  tenant,
  createdAt,
  score,
  lifecycle,
  changedAt,
  claimedBy,
}: StoredRecommendationFields) {
  const suffix = recommendationId.slice(-6);
  return {
    recommendation_id: recommendationId,
    tenant,
    lead_id: `LD-${suffix}`,
    request_id: `req-${suffix}`,
    requested_by: 'crm-1',
    ...(score === undefined
      ? {
          status: 'failed',
          error: { code: ErrorCode.AiServiceUnavailable, message: 'The AI service is unavailable.' },
          completed_at: createdAt,
        }
      : {
          status: 'completed',
          result: {
            priority_score: score,
            recommended_action: 'follow_up',
            recommended_channel: 'email',
            reasoning_summary: 'Opened the pricing email twice.',
            draft_message: 'Shall we talk pricing this week?',
            requires_human_approval: true,
          },
          completed_at: createdAt,
        }),
    ...(lifecycle === undefined ? {} : { lifecycle, lifecycle_updated_at: changedAt ?? createdAt }),
    ...(claimedBy === undefined ? {} : { claimed_by: claimedBy, claimed_at: createdAt }),
    attempt: 1,
    version: 1,
    outbox: null,
    created_at: createdAt,
    updated_at: changedAt ?? createdAt,
  };
}

export interface StoredEscalationFields {
  escalationId: string;
  tenant: string;
  raisedAt: Date;
  /** Released or discarded at this time; none: still open. */
  resolved?: { at: Date; resolution: 'release' | 'discard' };
}

export function storedEscalation({ escalationId, tenant, raisedAt, resolved }: StoredEscalationFields) {
  const suffix = escalationId.slice(-6);
  return {
    escalation_id: escalationId,
    tenant,
    recommendation_id: `rec-${suffix}`,
    lead_id: `LD-${suffix}`,
    stage: 'pre_delivery',
    status: resolved ? (resolved.resolution === 'release' ? 'released' : 'discarded') : 'open',
    findings: [{ kind: 'email', start: 0, end: 5 }],
    request_id: `req-${suffix}`,
    raised_at: raisedAt,
    ...(resolved
      ? { resolution: resolved.resolution, resolved_by: 'cmp-1', resolved_by_role: 'compliance', resolved_at: resolved.at }
      : {}),
    created_at: raisedAt,
    updated_at: resolved?.at ?? raisedAt,
  };
}
