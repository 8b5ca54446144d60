/**
 * The topic catalog: every topic the services exchange, in one place so producers and consumers
 * compile against the same names. These are logical names: on the broker each carries the deployment's
 * `KAFKA_TOPIC_PREFIX`, which libs/messaging (bus-topics.ts) adds and removes at the Kafka boundary, so
 * tests can give every run its own topics on a shared broker. Who produces and who consumes each topic is part of the
 * catalog: the broker's ACLs are made from it (libs/messaging bus-acls.ts), so a service may write only what it
 * produces and read only what it consumes.
 */
import { SERVICE_NAMES, ServiceName } from './domain';

export const Topics = {
  LeadUpserted: 'followup.lead.upserted.v1',
  RecommendationRequested: 'followup.recommendation.requested.v1',
  RecommendationGenerated: 'followup.recommendation.generated.v1',
  RecommendationFailed: 'followup.recommendation.failed.v1',
  EngagementLogged: 'followup.engagement.logged.v1',
  RecommendationReviewed: 'followup.recommendation.reviewed.v1',
  DraftScreened: 'followup.compliance.screened.v1',
  ComplianceEscalation: 'followup.compliance.escalation.v1',
  DeliveryAttempted: 'followup.delivery.attempted.v1',
  SuppressionChanged: 'followup.delivery.suppression.v1',
  NotificationRequested: 'followup.notifications.v1',
  DeadLetter: 'followup.deadletter.v1',
  AuditRecorded: 'followup.audit.v1',
  AuditChainInput: 'followup.audit.chain-input.v1',
  ErasureRequested: 'followup.erasure.requested.v1',
  ErasureCompleted: 'followup.erasure.completed.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export interface TopicSpec {
  name: TopicName;
  partitions: number;
  retentionMs: number;
  /** The services allowed to write the topic. */
  producers: readonly ServiceName[];
  /** The services allowed to read it, each with its own consumer group. */
  consumers: readonly ServiceName[];
  /**
   * Services that read the topic only into an in-memory view on each instance (libs/messaging EventFedView), with
   * per-instance groups: allowed to read it, but their durable group never subscribes to it nor is waited on for it.
   */
  viewedBy?: readonly ServiceName[];
  /**
   * The consumers read this topic with a group of its own, `<prefix>followup-<service>-<consumerGroupSuffix>`, not with
   * their durable group (which serves every other topic they read).
   */
  consumerGroupSuffix?: string;
  /** Readers outside the five services, which read with the admin (tools) principal. */
  alsoReadBy?: string;
  /** Writers outside the five services, which write with the admin (tools) principal, a super user of the broker. */
  alsoWrittenBy?: string;
  description: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const TOPIC_CATALOG: TopicSpec[] = [
  {
    name: Topics.LeadUpserted,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producers: ['gateway'],
    consumers: ['compliance', 'delivery', 'audit'],
    viewedBy: ['gateway'],
    description: 'The CRM created or changed a lead record (contact details, consent, tier, owner).',
  },
  {
    name: Topics.RecommendationRequested,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producers: ['gateway'],
    consumers: ['recommender', 'audit'],
    description: 'A caller asked for a follow-up recommendation; carries the engagement history and a lead snapshot.',
  },
  {
    name: Topics.RecommendationGenerated,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producers: ['recommender'],
    consumers: ['gateway', 'compliance', 'audit'],
    description: 'The recommender produced a recommendation (score, action, channel ranking, draft, AI service version).',
  },
  {
    name: Topics.RecommendationFailed,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producers: ['recommender'],
    consumers: ['gateway', 'audit'],
    description: 'The recommender could not produce a recommendation; carries the error code and details.',
  },
  {
    name: Topics.EngagementLogged,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producers: ['gateway'],
    consumers: ['recommender', 'audit'],
    description: 'The CRM logged engagement outcomes for a lead; the recommender learns its channel priors from them.',
  },
  {
    name: Topics.RecommendationReviewed,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producers: ['gateway'],
    consumers: ['compliance', 'recommender', 'audit'],
    description: 'A rep or manager approved (possibly edited) or rejected a recommendation.',
  },
  {
    name: Topics.DraftScreened,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producers: ['compliance'],
    consumers: ['gateway', 'delivery', 'audit'],
    description:
      'Compliance verdict on a draft (clear or blocked, with PII kinds and positions); clear pre-delivery verdicts carry the text to send.',
  },
  {
    name: Topics.ComplianceEscalation,
    partitions: 1,
    retentionMs: 365 * DAY_MS,
    producers: ['compliance'],
    consumers: ['audit'],
    alsoReadBy: 'the compliance team',
    description: 'A draft was blocked for potential PII disclosure; kinds and positions only, never the PII.',
  },
  {
    name: Topics.DeliveryAttempted,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producers: ['delivery'],
    consumers: ['gateway', 'recommender', 'audit'],
    description: 'One delivery attempt and its outcome; the recommender learns from these.',
  },
  {
    name: Topics.SuppressionChanged,
    partitions: 3,
    retentionMs: 365 * DAY_MS,
    producers: ['delivery'],
    consumers: ['gateway', 'recommender'],
    viewedBy: ['delivery'],
    description:
      "An address of the tenant's suppression list was added or ended (opt-out, opt back in); channel, the leads that had it, reason and source, never the address.",
  },
  {
    name: Topics.NotificationRequested,
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    producers: ['gateway', 'recommender', 'compliance', 'delivery'],
    consumers: ['gateway', 'audit'],
    description: 'A notification for a role (sales manager, sales rep, compliance team) of a tenant.',
  },
  {
    name: Topics.DeadLetter,
    partitions: 1,
    retentionMs: 90 * DAY_MS,
    // every consumer dead-letters what it cannot handle
    producers: SERVICE_NAMES,
    consumers: ['audit'],
    description: 'Events that failed validation or processing, with the reason; never silently dropped.',
  },
  {
    name: Topics.AuditRecorded,
    partitions: 3,
    // A year: analysts replay it (`npm run audit:replay`) to reconstruct or dispute past recommendations.
    retentionMs: 365 * DAY_MS,
    producers: ['audit'],
    consumers: [],
    alsoReadBy: 'analysts (`npm run audit:replay`)',
    description:
      'Every appended audit record (PII-free, with its per-tenant sequence and hash chain), keyed by tenant; the replayable audit stream.',
  },
  {
    name: Topics.AuditChainInput,
    // More partitions than the workflow topics: each is one unit of audit scale-out (its owner chains its tenants).
    partitions: 6,
    retentionMs: 7 * DAY_MS,
    producers: ['audit'],
    consumers: ['audit'],
    consumerGroupSuffix: 'chain',
    description:
      "Audit's own hand-over, keyed by tenant: each event's PII-free record, not yet chained; the owner of a tenant's partition chains it.",
  },
  {
    name: Topics.ErasureRequested,
    partitions: 1,
    retentionMs: 365 * DAY_MS,
    producers: [],
    alsoWrittenBy: 'admin (`npm run audit:erase`)',
    consumers: ['gateway', 'recommender', 'compliance', 'delivery', 'audit'],
    // an erasure waits between its two passes: with a group of its own it holds no other work of the service
    consumerGroupSuffix: 'erasure',
    description: "Erase one lead's contact data and restricted texts everywhere: each service erases its own and confirms.",
  },
  {
    name: Topics.ErasureCompleted,
    partitions: 1,
    retentionMs: 365 * DAY_MS,
    // every service erases its own share and confirms it
    producers: SERVICE_NAMES,
    consumers: ['audit'],
    alsoReadBy: 'admin (`npm run audit:erase`)',
    description: 'One service erased what it held of a lead: counts per store, never a value; audit chains each confirmation.',
  },
];
