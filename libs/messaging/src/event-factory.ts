import { randomUUID } from 'node:crypto';
import { EventContext, EventEnvelope } from '@followup/contracts';
import { eventId } from './event-id';

type EventClass<E extends EventEnvelope<object>> = { new (): E; readonly type: string };

/**
 * Builds a versioned event of the given class around a payload, stamped with id, time and context. With a
 * `subject` (what the event describes, e.g. `<recommendation_id>:<attempt>`) the id is derived from it, so
 * building the event again after a crash gives the same id; without one the id is random.
 */
export function createEvent<E extends EventEnvelope<object>>(
  eventClass: EventClass<E>,
  producer: string,
  context: EventContext,
  payload: E['payload'],
  subject?: string,
): E {
  return Object.assign(new eventClass(), {
    event_id: subject === undefined ? randomUUID() : eventId(producer, eventClass.type, subject),
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
