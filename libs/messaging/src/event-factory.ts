import { randomUUID } from 'node:crypto';
import { EventContext, EventEnvelope } from '@followup/contracts';

type EventClass<E extends EventEnvelope<object>> = { new (): E; readonly type: string };

/** Builds a versioned event of the given class around a payload, stamped with id, time and context. */
export function createEvent<E extends EventEnvelope<object>>(
  eventClass: EventClass<E>,
  producer: string,
  context: EventContext,
  payload: E['payload'],
): E {
  return Object.assign(new eventClass(), {
    event_id: randomUUID(),
    event_type: eventClass.type,
    event_version: 1 as const,
    occurred_at: new Date().toISOString(),
    request_id: context.request_id,
    tenant: context.tenant,
    producer,
    actor: context.actor,
    payload,
  });
}
