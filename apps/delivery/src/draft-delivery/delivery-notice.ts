import type { Channel, DeliveryOutcome, NotificationRequestedPayload } from '@followup/contracts';
import type { AttemptStatus, AttemptSummary, GiveUpReason } from './delivery-plan';

/** How a recorded attempt reads in the DeliveryAttempted contract. */
export function contractOutcome(status: AttemptStatus): DeliveryOutcome {
  switch (status) {
    case 'delivered':
      return 'delivered';
    case 'task_created':
      return 'task_created';
    case 'skipped':
      return 'skipped_no_consent';
    default:
      return 'failed';
  }
}

const MAX_MESSAGE = 500;

/**
 * The notification for the owner rep when a delivery ends without reaching the lead: ids, channels and
 * error codes only, never an address or the text. Without a contact record the owner is unknown, so the
 * tenant's sales managers get it instead.
 */
export function deliveryFailedNotice(input: {
  recommendation_id: string;
  lead_id: string;
  owner_rep_id?: string;
  reason: GiveUpReason;
  attempts: readonly AttemptSummary[];
}): NotificationRequestedPayload {
  const perChannel = new Map<string, string>();
  for (const attempt of [...input.attempts].sort((a, b) => a.attempt - b.attempt)) {
    perChannel.set(attempt.channel, attempt.error_code ?? attempt.status);
  }
  const summary = [...perChannel.entries()].map(([channel, code]) => `${channel}: ${code}`).join(', ');
  const lead = `lead ${input.lead_id} (recommendation ${input.recommendation_id})`;
  const text =
    input.reason === 'OUTCOME_UNKNOWN'
      ? `Delivery of the approved follow-up to ${lead} was interrupted and may or may not have reached the lead; it was not sent again. Please check with the lead before following up (${summary}).`
      : input.reason === 'NO_DELIVERABLE_CHANNEL'
        ? `The approved follow-up to ${lead} was not sent: no channel has both consent and contact details (${summary}). Please follow up another way.`
        : `The approved follow-up to ${lead} could not be delivered on any channel (${summary}). Please follow up another way.`;
  return ownerRepNotice(input, 'delivery_failed', text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text);
}

/** A notice about one recommendation for the lead's owner rep, or the sales managers when the lead has none. */
function ownerRepNotice(
  input: { recommendation_id: string; lead_id: string; owner_rep_id?: string },
  kind: NotificationRequestedPayload['kind'],
  message: string,
): NotificationRequestedPayload {
  return {
    kind,
    recipient_role: input.owner_rep_id ? 'sales_rep' : 'sales_manager',
    recipient_sub: input.owner_rep_id,
    recommendation_id: input.recommendation_id,
    lead_id: input.lead_id,
    message,
  };
}

/**
 * The notification for the owner rep when one channel failed for good and delivery goes on with the next
 * (the rep otherwise hears nothing when the fallback succeeds). Ids, channels and codes only.
 */
export function channelFallbackNotice(input: {
  recommendation_id: string;
  lead_id: string;
  owner_rep_id?: string;
  failed: Pick<AttemptSummary, 'channel' | 'error_code'>;
  next: Channel;
}): NotificationRequestedPayload {
  const lead = `lead ${input.lead_id} (recommendation ${input.recommendation_id})`;
  return ownerRepNotice(
    input,
    'delivery_fallback',
    `The approved follow-up to ${lead} could not be sent by ${input.failed.channel} (${input.failed.error_code ?? 'failed'}); it is being sent by ${input.next} instead.`,
  );
}
