import { CHANNELS, Channel } from '@followup/contracts';

/** What one attempt came to. `unknown`: it was started and the process died before the provider answered. */
export const ATTEMPT_STATUSES = ['in_progress', 'delivered', 'task_created', 'failed', 'skipped', 'unknown'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
export type FailureKind = 'transient' | 'permanent';

/** The part of a recorded attempt the planner needs. */
export interface AttemptSummary {
  attempt: number;
  channel: Channel;
  status: AttemptStatus;
  failure?: FailureKind;
  error_code?: string;
}

/** Delivery's own copy of how the lead may be reached; null when the lead is not (yet) in the directory. */
export interface Reachability {
  consent: Record<Channel, boolean>;
  contacts: { email?: string; phone?: string };
}

export interface RetryPolicy {
  maxTriesPerChannel: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * `EXCLUDED_BY_RECOMMENDATION`: the approved recommendation's ranking marks the channel `consented: false`, which a
 * reviewer's "wrong channel" rejection does to the channel they rejected (and the recommender to one the lead had not
 * consented to when it decided).
 */
export type SkipReason = 'NO_CONSENT' | 'NO_CONTACT_DETAIL' | 'CONTACT_UNKNOWN' | 'NO_SEND_WINDOW' | 'EXCLUDED_BY_RECOMMENDATION';

export type GiveUpReason = 'ALL_CHANNELS_FAILED' | 'NO_DELIVERABLE_CHANNEL' | 'OUTCOME_UNKNOWN';

export type DeliveryStep =
  /** Call the channel's adapter, `delayMs` after the channel's last failure (0 for a channel's first try). */
  | { kind: 'send'; attempt: number; channel: Channel; try: number; delayMs: number }
  /** Record that the channel is not used, and why; nothing is sent. */
  | { kind: 'skip'; attempt: number; channel: Channel; reason: SkipReason }
  /** A previous run started this attempt and never recorded its outcome. */
  | { kind: 'resolve_unknown'; attempt: number; channel: Channel }
  /** The message reached the lead (or a call task exists); nothing more to do. */
  | { kind: 'done'; attempt: number; channel: Channel }
  /** Nothing more will be tried; the owner rep must take over. */
  | { kind: 'give_up'; reason: GiveUpReason };

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxTriesPerChannel: 3, baseDelayMs: 200, maxDelayMs: 5000 };

/** Exponential backoff before try `tryNumber` (2, 3, …) of one channel: base, 2·base, 4·base, … capped. */
export function backoffDelayMs(tryNumber: number, policy: RetryPolicy): number {
  if (tryNumber <= 1) return 0;
  return Math.min(policy.baseDelayMs * 2 ** (tryNumber - 2), policy.maxDelayMs);
}

/**
 * The order channels are tried in: the recommendation's ranking as given (best first), each channel once; without a
 * ranking, every channel in the catalog's order.
 */
export function channelOrder(ranking: readonly { channel: Channel }[] | undefined): Channel[] {
  const ordered: Channel[] = [];
  for (const { channel } of ranking ?? []) if (!ordered.includes(channel)) ordered.push(channel);
  if (ordered.length === 0) return [...CHANNELS];
  return ordered;
}

/** Why the channel may not be used for this lead, or undefined when it may. */
export function unusableBecause(channel: Channel, reach: Reachability | null): SkipReason | undefined {
  if (!reach) return 'CONTACT_UNKNOWN';
  if (!reach.consent[channel]) return 'NO_CONSENT';
  const detail = channel === 'email' ? reach.contacts.email : reach.contacts.phone;
  if (!detail) return 'NO_CONTACT_DETAIL';
  return undefined;
}

/**
 * The next step of delivering one approved draft, from what has been recorded so far. Pure: the use case
 * runs the step, records it, and asks again until the answer is `done` or `give_up`.
 *
 * - A delivered attempt (or a created call task) ends the delivery.
 * - An attempt still `in_progress` when planning starts belongs to a run that died mid-send: its outcome
 *   is unknown, so it is resolved as such first; an `unknown` attempt then ends the delivery (give up and
 *   let the rep check) rather than risk a second message to the lead on any channel.
 * - Channels are taken in ranking order. One without consent or contact detail, or that the ranking marks
 *   `consented: false`, is skipped (recorded).
 *   A transient failure is retried on the same channel with exponential backoff up to
 *   `maxTriesPerChannel` tries; a permanent failure, or running out of tries, falls back to the next one.
 */
export function planNextStep(input: {
  ranking: readonly { channel: Channel; consented?: boolean }[] | undefined;
  reach: Reachability | null;
  attempts: readonly AttemptSummary[];
  policy: RetryPolicy;
}): DeliveryStep {
  const attempts = [...input.attempts].sort((a, b) => a.attempt - b.attempt);
  const nextAttempt = (attempts.at(-1)?.attempt ?? 0) + 1;

  const succeeded = attempts.find((a) => a.status === 'delivered' || a.status === 'task_created');
  if (succeeded) return { kind: 'done', attempt: succeeded.attempt, channel: succeeded.channel };
  const interrupted = attempts.find((a) => a.status === 'in_progress');
  if (interrupted) return { kind: 'resolve_unknown', attempt: interrupted.attempt, channel: interrupted.channel };
  if (attempts.some((a) => a.status === 'unknown')) return { kind: 'give_up', reason: 'OUTCOME_UNKNOWN' };

  const excluded = new Set((input.ranking ?? []).filter(({ consented }) => consented === false).map(({ channel }) => channel));
  for (const channel of channelOrder(input.ranking)) {
    const onChannel = attempts.filter((a) => a.channel === channel);
    if (onChannel.some((a) => a.status === 'skipped' || (a.status === 'failed' && a.failure === 'permanent'))) continue;
    const tries = onChannel.filter((a) => a.status === 'failed').length;
    if (tries >= input.policy.maxTriesPerChannel) continue;
    const reason = unusableBecause(channel, input.reach) ?? (excluded.has(channel) ? 'EXCLUDED_BY_RECOMMENDATION' : undefined);
    if (reason) return { kind: 'skip', attempt: nextAttempt, channel, reason };
    const tryNumber = tries + 1;
    return { kind: 'send', attempt: nextAttempt, channel, try: tryNumber, delayMs: backoffDelayMs(tryNumber, input.policy) };
  }
  const anySent = attempts.some((a) => a.status === 'failed');
  return { kind: 'give_up', reason: anySent ? 'ALL_CHANNELS_FAILED' : 'NO_DELIVERABLE_CHANNEL' };
}

/** Whether a step ends the delivery, which makes the attempt recorded just before it the final one. */
export function isTerminal(step: DeliveryStep): step is Extract<DeliveryStep, { kind: 'done' | 'give_up' }> {
  return step.kind === 'done' || step.kind === 'give_up';
}
