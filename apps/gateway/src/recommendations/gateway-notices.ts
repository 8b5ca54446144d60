import { NotificationRequestedEvent } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { VersionedRecommendation } from './recommendation-versions';

/** The actor of the notices the gateway writes by itself, as no user's action. */
export const GATEWAY_ACTOR = { kind: 'service' as const, id: 'gateway' };

/**
 * To the sales managers: a request they were told waits in the manual queue for want of an answer got its
 * recommendation after all, so it left the queue (and a retry of it would be refused).
 */
export function answeredAfterAllNotice(record: VersionedRecommendation): NotificationRequestedEvent {
  return createEvent(
    NotificationRequestedEvent,
    'gateway',
    { request_id: record.request_id, tenant: record.tenant, actor: GATEWAY_ACTOR },
    {
      kind: 'manual_queue_answered',
      recipient_role: 'sales_manager',
      recommendation_id: record.recommendation_id,
      lead_id: record.lead_id,
      message: `The recommendation for lead ${record.lead_id} that waited in the manual queue for an answer got it after all: it left the queue and waits for review.`,
    },
    `${record.recommendation_id}:manual_queue_answered:${record.attempt}`,
  );
}
