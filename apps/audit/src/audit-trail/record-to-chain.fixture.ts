import { RecordToChain } from './audit-chain-appender';

/** A low-confidence notification record as the chain's input carries it, for the chain's tests. */
export function notificationToChain(tenant: string, eventId: string, requestId: string): RecordToChain {
  return {
    record_version: 1,
    tenant,
    event_id: eventId,
    source_topic: 'followup.notifications.v1',
    event_type: 'notification.requested',
    action: 'notification.low_confidence',
    occurred_at: '2026-04-20T10:00:00.000Z',
    request_id: requestId,
    actor: { kind: 'service', id: 'gateway' },
    payload: { kind: 'low_confidence' },
  };
}
