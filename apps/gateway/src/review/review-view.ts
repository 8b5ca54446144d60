import { lifecycleOf } from './lifecycle';
import type { ReviewableRecommendation } from './review.repository';
import type { StoredScreening } from './review-record';
import type { ReviewStateDto, ScreeningViewDto } from './review.dto';

const iso = (value: Date | string | undefined) => (value ? new Date(value).toISOString() : undefined);

function screeningView(screening: StoredScreening | undefined): ScreeningViewDto | undefined {
  if (!screening) return undefined;
  return {
    verdict: screening.verdict,
    findings: screening.findings.map(({ kind, start, end }) => ({ kind, start, end })),
    escalation_id: screening.escalation_id,
    screened_at: iso(screening.screened_at)!,
  };
}

/** The review workflow's fields of a stored recommendation, as the API shows them. */
export function reviewStateView(
  record: Partial<ReviewableRecommendation> & { status: string },
  generatedScreening?: StoredScreening,
): ReviewStateDto {
  const { review, delivery } = record;
  const generated = screeningView(generatedScreening);
  const preDelivery = screeningView(record.pre_delivery_screening);
  return {
    lifecycle: lifecycleOf(record),
    lifecycle_updated_at: iso(record.lifecycle_updated_at),
    review: review && {
      decision: review.decision,
      reviewed_by: review.reviewer.sub,
      reviewer_role: review.reviewer.role,
      reviewed_at: iso(review.reviewed_at)!,
      draft_message: review.draft_message,
      edit_diff: review.edit_diff,
      rejection_reason: review.rejection_reason,
    },
    compliance: generated || preDelivery ? { generated, pre_delivery: preDelivery } : undefined,
    delivery: delivery && {
      attempt: delivery.attempt,
      channel: delivery.channel,
      outcome: delivery.outcome,
      final: delivery.final,
      attempted_at: iso(delivery.attempted_at)!,
      scheduled_for: iso(delivery.scheduled_for),
    },
  };
}
