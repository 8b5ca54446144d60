import type { DeliveryOutcome, ReviewDecision, ScreeningStage, ScreeningVerdict } from '@followup/contracts';

/**
 * The life of a recommendation on the gateway's record, after the recommender has answered:
 *
 * ```
 * pending_review ─ approve / edit and approve ─► compliance_check ─ clear ─► ready_to_send ─► sending ─► delivered | failed
 *       │                                              │  ▲ released by compliance
 *       └─ reject ─► rejected                          └─ blocked ─┘ ─ discarded by compliance ─► discarded
 * ```
 *
 * `scheduled`: delivery holds the send until the lead's send window opens or the frequency cap has passed (the
 * record's delivery shows `scheduled_for`); it may follow `sending` (a fallback channel waiting for its window).
 *
 * `requested` is the time before the recommender's answer. `rejected`, `delivered`, `failed` and `discarded` are
 * final; `blocked` waits for compliance to release or discard the draft. One report reopens `delivered`: the provider
 * saying the delivered message never arrived (a failed status callback, a hard bounce) makes it `sending` while delivery
 * tries the next channel, or `failed` when none is left.
 */
export const LIFECYCLE_STATES = [
  'requested',
  'pending_review',
  'compliance_check',
  'blocked',
  'ready_to_send',
  'scheduled',
  'sending',
  'delivered',
  'failed',
  'rejected',
  'discarded',
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** What can move a recommendation along: its generation, a review decision, a screening, a delivery attempt. */
export type LifecycleSignal =
  | { kind: 'generated' }
  | { kind: 'reviewed'; decision: ReviewDecision }
  | { kind: 'screened'; stage: ScreeningStage; verdict: ScreeningVerdict }
  | { kind: 'delivery_attempted'; attempt: number; outcome: DeliveryOutcome; final: boolean };

/** The delivery result a record shows (the last one applied). */
export interface ShownDelivery {
  attempt: number;
  outcome: DeliveryOutcome;
}

/** How far along a state is; a signal never moves a recommendation to a state of lower or equal rank. */
const RANK: Record<LifecycleState, number> = {
  requested: 0,
  pending_review: 1,
  compliance_check: 2,
  blocked: 3,
  ready_to_send: 4,
  scheduled: 4.5,
  sending: 5,
  delivered: 6,
  failed: 6,
  rejected: 6,
  discarded: 6,
};

const AFTER_APPROVAL: LifecycleState[] = ['compliance_check', 'blocked', 'ready_to_send', 'scheduled', 'sending'];

function target(signal: LifecycleSignal): { to: LifecycleState; from: LifecycleState[] } | undefined {
  switch (signal.kind) {
    case 'generated':
      return { to: 'pending_review', from: ['requested'] };
    case 'reviewed':
      return signal.decision === 'rejected'
        ? { to: 'rejected', from: ['pending_review'] }
        : { to: 'compliance_check', from: ['pending_review'] };
    case 'screened':
      // The screening of a freshly generated draft is informational: the review goes on either way.
      if (signal.stage === 'generated') return undefined;
      if (signal.verdict === 'discarded') return { to: 'discarded', from: ['blocked'] };
      return signal.verdict === 'blocked'
        ? { to: 'blocked', from: ['compliance_check'] }
        : { to: 'ready_to_send', from: ['compliance_check', 'blocked'] };
    case 'delivery_attempted':
      // Delivery only acts on a clear verdict, so an attempt may arrive before the verdict itself did.
      if (signal.outcome === 'scheduled') return { to: 'scheduled', from: AFTER_APPROVAL };
      if (!signal.final) return { to: 'sending', from: AFTER_APPROVAL };
      return {
        to: signal.outcome === 'delivered' || signal.outcome === 'task_created' ? 'delivered' : 'failed',
        from: AFTER_APPROVAL,
      };
  }
}

/**
 * The state a signal moves a recommendation to, or undefined when it must be ignored: a repeated signal
 * (same state again), a late one (for a state already passed), or one that does not apply to the current
 * state. Pure, so every consumer and route shares the same rules.
 */
export function nextLifecycle(current: LifecycleState, signal: LifecycleSignal, shown?: ShownDelivery): LifecycleState | undefined {
  if (signal.kind === 'delivery_attempted' && shown) {
    const order = deliveryOrder(signal, shown);
    if (order === 'late') return undefined;
    if (order === 'reported_lost') return current === 'delivered' ? (signal.final ? 'failed' : 'sending') : undefined;
  }
  const transition = target(signal);
  if (!transition || !transition.from.includes(current)) return undefined;
  if (transition.to === 'scheduled' && current === 'sending') return 'scheduled';
  return RANK[transition.to] > RANK[current] ? transition.to : undefined;
}

/**
 * How a delivery result stands to the one the record shows. Attempts are numbered in order, and each has at most a
 * `scheduled`, then its outcome, then (for one that was delivered) the provider's report that it never arrived: a
 * result for an earlier attempt, or a repeated one, is late.
 */
function deliveryOrder(
  signal: Extract<LifecycleSignal, { kind: 'delivery_attempted' }>,
  shown: ShownDelivery,
): 'next' | 'late' | 'reported_lost' {
  if (signal.attempt !== shown.attempt) return signal.attempt > shown.attempt ? 'next' : 'late';
  if (shown.outcome === 'scheduled') return 'next';
  const reached = shown.outcome === 'delivered' || shown.outcome === 'task_created';
  return reached && signal.outcome === 'failed' ? 'reported_lost' : 'late';
}

/** Whether nothing can move a recommendation on from this state (`rejected`, `delivered`, `failed`, `discarded`). */
export function isFinalLifecycle(state: LifecycleState): boolean {
  return RANK[state] === RANK.delivered;
}

/**
 * Whether a signal ignored in this state stays ignored whatever happened since: in the end states, but for a delivery
 * result in `delivered`, which a provider's report of the delivered message lost may have reopened since.
 */
export function ignoredForGood(state: LifecycleState, signal: LifecycleSignal): boolean {
  return isFinalLifecycle(state) && !(state === 'delivered' && signal.kind === 'delivery_attempted');
}

/** The lifecycle of a stored request; records written before lifecycles existed are derived from their status. */
export function lifecycleOf(record: { lifecycle?: LifecycleState | null; status: string }): LifecycleState | undefined {
  if (record.lifecycle) return record.lifecycle;
  if (record.status === 'completed') return 'pending_review';
  if (record.status === 'pending') return 'requested';
  return undefined;
}
