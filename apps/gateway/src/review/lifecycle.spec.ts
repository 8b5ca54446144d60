import {
  ignoredForGood,
  isFinalLifecycle,
  LIFECYCLE_STATES,
  LifecycleSignal,
  LifecycleState,
  lifecycleOf,
  nextLifecycle,
} from './lifecycle';

const approved: LifecycleSignal = { kind: 'reviewed', decision: 'approved' };
const rejected: LifecycleSignal = { kind: 'reviewed', decision: 'rejected' };
const clear: LifecycleSignal = { kind: 'screened', stage: 'pre_delivery', verdict: 'clear' };
const blocked: LifecycleSignal = { kind: 'screened', stage: 'pre_delivery', verdict: 'blocked' };
const attempt: LifecycleSignal = { kind: 'delivery_attempted', attempt: 1, outcome: 'failed', final: false };
const delivered: LifecycleSignal = { kind: 'delivery_attempted', attempt: 1, outcome: 'delivered', final: true };
const failed: LifecycleSignal = { kind: 'delivery_attempted', attempt: 1, outcome: 'failed', final: true };

function run(signals: LifecycleSignal[], from: LifecycleState = 'requested'): LifecycleState {
  return signals.reduce<LifecycleState>((state, signal) => nextLifecycle(state, signal) ?? state, from);
}

describe('isFinalLifecycle', () => {
  const everySignal: LifecycleSignal[] = [
    { kind: 'generated' },
    approved,
    rejected,
    clear,
    blocked,
    { kind: 'screened', stage: 'pre_delivery', verdict: 'discarded' },
    { kind: 'delivery_attempted', attempt: 1, outcome: 'scheduled', final: false },
    attempt,
    delivered,
    failed,
  ];

  it('names the four end states, which no signal moves on, and no other', () => {
    expect(LIFECYCLE_STATES.filter(isFinalLifecycle)).toEqual(['delivered', 'failed', 'rejected', 'discarded']);
    for (const state of ['delivered', 'failed', 'rejected', 'discarded'] as const) {
      expect(everySignal.map((signal) => nextLifecycle(state, signal))).toEqual(everySignal.map(() => undefined));
    }
  });
});

describe('nextLifecycle', () => {
  it('walks the happy path', () => {
    expect(nextLifecycle('requested', { kind: 'generated' })).toBe('pending_review');
    expect(nextLifecycle('pending_review', approved)).toBe('compliance_check');
    expect(nextLifecycle('pending_review', { kind: 'reviewed', decision: 'edited_and_approved' })).toBe('compliance_check');
    expect(nextLifecycle('compliance_check', clear)).toBe('ready_to_send');
    expect(nextLifecycle('ready_to_send', attempt)).toBe('sending');
    expect(nextLifecycle('sending', delivered)).toBe('delivered');
    expect(nextLifecycle('sending', failed)).toBe('failed');
    expect(nextLifecycle('ready_to_send', { kind: 'delivery_attempted', attempt: 1, outcome: 'task_created', final: true })).toBe(
      'delivered',
    );
  });

  it('shows a send held for the window as scheduled, then sending or delivered; a waiting fallback goes back to scheduled', () => {
    const scheduled: LifecycleSignal = { kind: 'delivery_attempted', attempt: 1, outcome: 'scheduled', final: false };
    expect(nextLifecycle('ready_to_send', scheduled)).toBe('scheduled');
    expect(nextLifecycle('compliance_check', scheduled)).toBe('scheduled');
    expect(nextLifecycle('scheduled', scheduled)).toBeUndefined();
    expect(nextLifecycle('scheduled', delivered)).toBe('delivered');
    expect(nextLifecycle('scheduled', attempt)).toBe('sending');
    expect(nextLifecycle('sending', scheduled)).toBe('scheduled');
    expect(nextLifecycle('delivered', scheduled)).toBeUndefined();
  });

  it('rejects only from pending_review and stays rejected', () => {
    expect(nextLifecycle('pending_review', rejected)).toBe('rejected');
    expect(nextLifecycle('compliance_check', rejected)).toBeUndefined();
    expect(run([clear, attempt, delivered], 'rejected')).toBe('rejected');
  });

  it('a compliance discard ends a blocked draft for good: final, and nothing moves it on', () => {
    const discarded: LifecycleSignal = { kind: 'screened', stage: 'pre_delivery', verdict: 'discarded' };
    expect(nextLifecycle('blocked', discarded)).toBe('discarded');
    expect(nextLifecycle('compliance_check', discarded)).toBeUndefined();
    expect(nextLifecycle('discarded', discarded)).toBeUndefined();
    expect(nextLifecycle('discarded', { kind: 'screened', stage: 'pre_delivery', verdict: 'clear' })).toBeUndefined();
    expect(nextLifecycle('discarded', { kind: 'delivery_attempted', attempt: 1, outcome: 'delivered', final: true })).toBeUndefined();
    expect(nextLifecycle('pending_review', { kind: 'screened', stage: 'generated', verdict: 'discarded' })).toBeUndefined();
  });

  it('blocks before delivery, and a release moves a blocked draft on', () => {
    expect(nextLifecycle('compliance_check', blocked)).toBe('blocked');
    expect(nextLifecycle('blocked', clear)).toBe('ready_to_send');
  });

  it('ignores the same signal twice', () => {
    expect(nextLifecycle('compliance_check', approved)).toBeUndefined();
    expect(nextLifecycle('blocked', blocked)).toBeUndefined();
    expect(nextLifecycle('ready_to_send', clear)).toBeUndefined();
    expect(nextLifecycle('delivered', delivered)).toBeUndefined();
    expect(nextLifecycle('pending_review', { kind: 'generated' })).toBeUndefined();
  });

  it('never goes backwards on a late signal', () => {
    expect(nextLifecycle('ready_to_send', blocked)).toBeUndefined();
    expect(nextLifecycle('delivered', clear)).toBeUndefined();
    expect(nextLifecycle('delivered', attempt)).toBeUndefined();
    expect(nextLifecycle('failed', delivered)).toBeUndefined();
    expect(nextLifecycle('compliance_check', { kind: 'generated' })).toBeUndefined();
  });

  it("reopens a delivered recommendation on the provider's report that the message never arrived, and only then", () => {
    const smsDelivered = { attempt: 1, outcome: 'delivered' } as const;
    const lostFallingBack: LifecycleSignal = { kind: 'delivery_attempted', attempt: 1, outcome: 'failed', final: false };
    const lostNothingLeft: LifecycleSignal = { kind: 'delivery_attempted', attempt: 1, outcome: 'failed', final: true };
    expect(nextLifecycle('delivered', lostFallingBack, smsDelivered)).toBe('sending');
    expect(nextLifecycle('delivered', lostNothingLeft, smsDelivered)).toBe('failed');
    const emailDelivered: LifecycleSignal = { kind: 'delivery_attempted', attempt: 2, outcome: 'delivered', final: true };
    expect(nextLifecycle('sending', emailDelivered, { attempt: 1, outcome: 'failed' })).toBe('delivered');
    // the first attempt's results again (a redelivery, the outbox relay) change nothing
    expect(nextLifecycle('sending', delivered, { attempt: 1, outcome: 'failed' })).toBeUndefined();
    expect(nextLifecycle('delivered', delivered, { attempt: 2, outcome: 'delivered' })).toBeUndefined();
    expect(nextLifecycle('delivered', lostFallingBack, { attempt: 2, outcome: 'delivered' })).toBeUndefined();
    expect(nextLifecycle('failed', lostNothingLeft, { attempt: 1, outcome: 'failed' })).toBeUndefined();
    // a failure on its own is no report of a delivered message lost
    expect(nextLifecycle('delivered', lostFallingBack)).toBeUndefined();
    expect(nextLifecycle('failed', lostFallingBack, { attempt: 1, outcome: 'failed' })).toBeUndefined();
    // a send held for its window is followed by its outcome, under the same attempt
    expect(nextLifecycle('scheduled', delivered, { attempt: 1, outcome: 'scheduled' })).toBe('delivered');
  });

  it('accepts a delivery result that overtook the verdict, and then ignores the verdict', () => {
    expect(run([{ kind: 'generated' }, approved, delivered, clear])).toBe('delivered');
  });

  it('treats the screening of a generated draft as information only', () => {
    expect(nextLifecycle('pending_review', { kind: 'screened', stage: 'generated', verdict: 'blocked' })).toBeUndefined();
  });

  it('does not deliver what was never approved', () => {
    expect(nextLifecycle('pending_review', delivered)).toBeUndefined();
    expect(nextLifecycle('pending_review', clear)).toBeUndefined();
  });
});

describe('ignoredForGood', () => {
  it('trusts an ignored signal in an end state, but for a delivery result in delivered (a report may have reopened it)', () => {
    expect(ignoredForGood('delivered', clear)).toBe(true);
    expect(ignoredForGood('rejected', delivered)).toBe(true);
    expect(ignoredForGood('failed', delivered)).toBe(true);
    expect(ignoredForGood('delivered', { kind: 'delivery_attempted', attempt: 2, outcome: 'delivered', final: true })).toBe(false);
    expect(ignoredForGood('sending', delivered)).toBe(false);
  });
});

describe('lifecycleOf', () => {
  it('derives the state of records written before lifecycles existed', () => {
    expect(lifecycleOf({ status: 'completed' })).toBe('pending_review');
    expect(lifecycleOf({ status: 'pending' })).toBe('requested');
    expect(lifecycleOf({ status: 'failed' })).toBeUndefined();
    expect(lifecycleOf({ status: 'completed', lifecycle: 'blocked' })).toBe('blocked');
  });
});
