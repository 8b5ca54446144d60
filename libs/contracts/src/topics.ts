/**
 * The topic catalog: every topic the services exchange, in one place so producers and consumers
 * compile against the same names. `KAFKA_TOPIC_PREFIX` namespaces a whole deployment (tests use it to
 * give every run its own topics on a shared broker).
 */
const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';

export const Topics = {
  LeadUpserted: `${prefix}followup.lead.upserted.v1`,
  RecommendationRequested: `${prefix}followup.recommendation.requested.v1`,
  RecommendationGenerated: `${prefix}followup.recommendation.generated.v1`,
  RecommendationFailed: `${prefix}followup.recommendation.failed.v1`,
  DeadLetter: `${prefix}followup.deadletter.v1`,
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export interface TopicSpec {
  name: TopicName;
  partitions: number;
  retentionMs: number;
  producer: string;
  consumers: string[];
  description: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const TOPIC_CATALOG: TopicSpec[] = [
  {
    name: Topics.LeadUpserted,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producer: 'gateway',
    consumers: ['delivery', 'audit'],
    description: 'The CRM created or changed a lead record (contact details, consent, tier, owner).',
  },
  {
    name: Topics.RecommendationRequested,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producer: 'gateway',
    consumers: ['recommender', 'audit'],
    description: 'A caller asked for a follow-up recommendation; carries the engagement history and a lead snapshot.',
  },
  {
    name: Topics.RecommendationGenerated,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producer: 'recommender',
    consumers: ['gateway', 'compliance', 'audit'],
    description: 'The recommender produced a recommendation (score, action, channel ranking, draft, AI service version).',
  },
  {
    name: Topics.RecommendationFailed,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producer: 'recommender',
    consumers: ['gateway', 'audit'],
    description: 'The recommender could not produce a recommendation; carries the error code and details.',
  },
  {
    name: Topics.DeadLetter,
    partitions: 1,
    retentionMs: 90 * DAY_MS,
    producer: 'any service',
    consumers: ['audit'],
    description: 'Events that failed validation or processing, with the reason; never silently dropped.',
  },
];
