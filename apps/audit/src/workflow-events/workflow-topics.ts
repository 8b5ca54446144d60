import {
  DeliveryAttemptedEvent,
  DraftScreenedEvent,
  EngagementLoggedEvent,
  ErasureCompletedEvent,
  ErasureRequestedEvent,
  EscalationRaisedEvent,
  EventEnvelope,
  LeadUpsertedEvent,
  NotificationRequestedEvent,
  RecommendationFailedEvent,
  RecommendationGeneratedEvent,
  RecommendationRequestedEvent,
  RecommendationReviewedEvent,
  TOPIC_CATALOG,
  TopicName,
  Topics,
} from '@followup/contracts';

type EventClass = new () => EventEnvelope<object>;

/**
 * The class each workflow topic's events are validated against before they are recorded. Erasure requests are
 * chained like any event and then carried out; each service's confirmation (counts per store) is chained too.
 */
export const WORKFLOW_EVENT_CLASSES: ReadonlyMap<TopicName, EventClass> = new Map<TopicName, EventClass>([
  [Topics.LeadUpserted, LeadUpsertedEvent],
  [Topics.RecommendationRequested, RecommendationRequestedEvent],
  [Topics.RecommendationGenerated, RecommendationGeneratedEvent],
  [Topics.RecommendationFailed, RecommendationFailedEvent],
  [Topics.EngagementLogged, EngagementLoggedEvent],
  [Topics.RecommendationReviewed, RecommendationReviewedEvent],
  [Topics.DraftScreened, DraftScreenedEvent],
  [Topics.ComplianceEscalation, EscalationRaisedEvent],
  [Topics.DeliveryAttempted, DeliveryAttemptedEvent],
  [Topics.NotificationRequested, NotificationRequestedEvent],
  [Topics.ErasureRequested, ErasureRequestedEvent],
  [Topics.ErasureCompleted, ErasureCompletedEvent],
]);

/**
 * What the first stage reads with the audit service's durable group: every topic audit consumes but those the catalog
 * gives a group of their own (its chain input; the erasure requests, ErasureRequestsRecorder).
 */
export const FIRST_STAGE_TOPICS: readonly TopicName[] = [...WORKFLOW_EVENT_CLASSES.keys(), Topics.DeadLetter].filter(
  (topic) => !TOPIC_CATALOG.find((spec) => spec.name === topic)?.consumerGroupSuffix,
);

/** Enough for every partition of a fetch to be handled at once: kafkajs then starts all their batches in one tick. */
export const FIRST_STAGE_PARTITIONS = TOPIC_CATALOG.filter((topic) => FIRST_STAGE_TOPICS.includes(topic.name)).reduce(
  (sum, topic) => sum + topic.partitions,
  0,
);
