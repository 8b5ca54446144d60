import { createHash } from 'node:crypto';

/** The UUID namespace of Followup's event ids (a fixed, arbitrary UUID: changing it would change every derived id). */
export const EVENT_ID_NAMESPACE = '6f1c2a9e-3b4d-4c8e-9a57-2d0e8b41f3c6';

/**
 * A name-based UUID (RFC 4122 version 5) of `producer/eventType/subject`: the same fact announced again (a
 * republish after a crash, a redelivered request answered twice) is the same event, and consumers that keep
 * event ids see the duplicate. `subject` names what the event describes, e.g. `<recommendation_id>:<attempt>`.
 */
export function eventId(producer: string, eventType: string, subject: string): string {
  const namespace = Buffer.from(EVENT_ID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(`${producer}/${eventType}/${subject}`, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
