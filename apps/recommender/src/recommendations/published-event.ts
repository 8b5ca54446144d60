import type { TopicName } from '@followup/contracts';

/**
 * An event as it was published: its topic and its JSON text. Kept as text, not as a document: the database converts
 * every field of a nested document, and the events as documents were about two fifths of the database's CPU for storing
 * a recommendation (`npm run bench:documents`, docs/PROOF.md); a redelivered request is also answered with the same bytes.
 */
export interface PublishedEvent {
  topic: TopicName;
  json: string;
}

/** How records stored before the events were kept as text hold them. */
export interface PublishedEventObject {
  topic: TopicName;
  event: object;
}

/** The event's JSON text, whichever way the record keeps it. */
export function publishedJson(published: PublishedEvent | PublishedEventObject): string {
  return 'json' in published ? published.json : JSON.stringify(published.event);
}

export function publishedEvent(topic: TopicName, event: object): PublishedEvent {
  return { topic, json: JSON.stringify(event) };
}
