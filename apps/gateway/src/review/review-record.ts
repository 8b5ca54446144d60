import type { DeliveryOutcome, PiiFinding, ReviewDecision, ScreeningVerdict, Channel } from '@followup/contracts';

/** A reviewer's decision as stored on the recommendation record (the texts are PII-bearing: never logged). */
export interface StoredReview {
  decision: ReviewDecision;
  reviewer: { sub: string; role: string };
  reviewed_at: Date;
  /** The text to deliver (approvals only). */
  draft_message?: string;
  original_draft?: string;
  edit_diff?: string;
  rejection_reason?: string;
  event_id: string;
}

/** Compliance's verdict on one stage, as kinds and positions. */
export interface StoredScreening {
  verdict: ScreeningVerdict;
  findings: PiiFinding[];
  escalation_id?: string;
  screened_at: Date;
}

/** The last delivery attempt the gateway heard of. */
export interface StoredDelivery {
  attempt: number;
  channel: Channel;
  outcome: DeliveryOutcome;
  error_code?: string;
  final: boolean;
  attempted_at: Date;
  /** With outcome `scheduled`: when the send will be made. */
  scheduled_for?: Date;
}
