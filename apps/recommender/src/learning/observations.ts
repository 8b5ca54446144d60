import { DeliveryAttemptedPayload, EngagementLoggedPayload } from '@followup/contracts';
import { RESPONSE_CREDIT } from '../engine/channel-ranking';
import { hourOfWeek } from '../models/send-time';
import { ChannelObservationRecord } from './channel-observation.schema';

/** One observation per logged engagement, keyed by the event and its position in it. */
export function observationsFromEngagements(
  eventId: string,
  tenant: string,
  payload: EngagementLoggedPayload,
  observedAt: Date,
): ChannelObservationRecord[] {
  return payload.engagements.map((engagement, index) => ({
    observation_id: `${eventId}:${index}`,
    tenant,
    tier: payload.account_tier ?? 'unknown',
    channel: engagement.type,
    lead_id: payload.lead_id,
    response_credit: RESPONSE_CREDIT[engagement.outcome],
    source: 'crm_engagement' as const,
    observed_at: engagement.occurred_at ? new Date(engagement.occurred_at) : observedAt,
    ...(engagement.occurred_at ? { hour_of_week: hourOfWeek(new Date(engagement.occurred_at)) } : {}),
  }));
}

/**
 * A failed delivery is a non-response on that channel. A successful one is not an observation yet: whether
 * the lead responded arrives later, when the CRM logs the reply (or its absence) as an engagement.
 */
export function isChannelObservation(payload: DeliveryAttemptedPayload): boolean {
  return payload.outcome === 'failed';
}

/** The non-response a failed delivery (see isChannelObservation) records for the lead's tier. */
export function observationFromDelivery(
  eventId: string,
  tenant: string,
  tier: string,
  payload: DeliveryAttemptedPayload,
): ChannelObservationRecord {
  return {
    observation_id: eventId,
    tenant,
    tier: tier as ChannelObservationRecord['tier'],
    channel: payload.channel,
    lead_id: payload.lead_id,
    response_credit: 0,
    source: 'delivery',
    observed_at: new Date(payload.attempted_at),
  };
}
