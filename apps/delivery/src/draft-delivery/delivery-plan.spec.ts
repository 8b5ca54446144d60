import { Channel } from '@followup/contracts';
import { AttemptSummary, backoffDelayMs, channelOrder, planNextStep, Reachability, RetryPolicy } from './delivery-plan';

const policy: RetryPolicy = { maxTriesPerChannel: 3, baseDelayMs: 200, maxDelayMs: 5000 };
const ranking: { channel: Channel }[] = [{ channel: 'sms' }, { channel: 'email' }, { channel: 'phone_call' }];
const reachable: Reachability = {
  consent: { sms: true, email: true, phone_call: true },
  contacts: { email: 'lead@example.com', phone: '+14155550123' },
};

function plan(attempts: AttemptSummary[], reach: Reachability | null = reachable, rank = ranking) {
  return planNextStep({ ranking: rank, reach, attempts, policy });
}

const failed = (attempt: number, channel: Channel, failure: 'transient' | 'permanent'): AttemptSummary => ({
  attempt,
  channel,
  status: 'failed',
  failure,
});

describe('planNextStep', () => {
  it("skips a channel the ranking marks not consented (a reviewer's wrong-channel rejection) and sends on the next", () => {
    const revised = [
      { channel: 'sms' as const, consented: false },
      { channel: 'email' as const, consented: true },
    ];
    expect(plan([], reachable, revised)).toEqual({ kind: 'skip', attempt: 1, channel: 'sms', reason: 'EXCLUDED_BY_RECOMMENDATION' });
    expect(plan([{ attempt: 1, channel: 'sms', status: 'skipped' }], reachable, revised)).toEqual({
      kind: 'send',
      attempt: 2,
      channel: 'email',
      try: 1,
      delayMs: 0,
    });
  });

  it('starts with the best ranked channel, without delay', () => {
    expect(plan([])).toEqual({ kind: 'send', attempt: 1, channel: 'sms', try: 1, delayMs: 0 });
  });

  it('retries a transient failure on the same channel with exponential backoff', () => {
    expect(plan([failed(1, 'sms', 'transient')])).toEqual({ kind: 'send', attempt: 2, channel: 'sms', try: 2, delayMs: 200 });
    expect(plan([failed(1, 'sms', 'transient'), failed(2, 'sms', 'transient')])).toEqual({
      kind: 'send',
      attempt: 3,
      channel: 'sms',
      try: 3,
      delayMs: 400,
    });
  });

  it('falls back to the next channel after the last try or a permanent failure', () => {
    const exhausted = [failed(1, 'sms', 'transient'), failed(2, 'sms', 'transient'), failed(3, 'sms', 'transient')];
    expect(plan(exhausted)).toEqual({ kind: 'send', attempt: 4, channel: 'email', try: 1, delayMs: 0 });
    expect(plan([failed(1, 'sms', 'permanent')])).toEqual({ kind: 'send', attempt: 2, channel: 'email', try: 1, delayMs: 0 });
  });

  it('skips a channel without consent or without the contact detail', () => {
    const noSms: Reachability = { ...reachable, consent: { ...reachable.consent, sms: false } };
    expect(plan([], noSms)).toEqual({ kind: 'skip', attempt: 1, channel: 'sms', reason: 'NO_CONSENT' });
    expect(plan([{ attempt: 1, channel: 'sms', status: 'skipped', error_code: 'NO_CONSENT' }], noSms)).toEqual({
      kind: 'send',
      attempt: 2,
      channel: 'email',
      try: 1,
      delayMs: 0,
    });
    const noEmail: Reachability = { ...reachable, contacts: { phone: '+14155550123' } };
    expect(plan([failed(1, 'sms', 'permanent')], noEmail)).toEqual({
      kind: 'skip',
      attempt: 2,
      channel: 'email',
      reason: 'NO_CONTACT_DETAIL',
    });
  });

  it('skips every channel of a lead missing from the contact directory, then gives up', () => {
    expect(plan([], null)).toMatchObject({ kind: 'skip', channel: 'sms', reason: 'CONTACT_UNKNOWN' });
    const allSkipped: AttemptSummary[] = ranking.map(({ channel }, index) => ({ attempt: index + 1, channel, status: 'skipped' }));
    expect(plan(allSkipped, null)).toEqual({ kind: 'give_up', reason: 'NO_DELIVERABLE_CHANNEL' });
  });

  it('rechecks consent before a retry (consent withdrawn between tries)', () => {
    const withdrawn: Reachability = { ...reachable, consent: { ...reachable.consent, sms: false } };
    expect(plan([failed(1, 'sms', 'transient')], withdrawn)).toMatchObject({ kind: 'skip', channel: 'sms', reason: 'NO_CONSENT' });
  });

  it('is done once a channel delivered or a call task exists, and never plans another send', () => {
    expect(plan([failed(1, 'sms', 'permanent'), { attempt: 2, channel: 'email', status: 'delivered' }])).toEqual({
      kind: 'done',
      attempt: 2,
      channel: 'email',
    });
    expect(plan([{ attempt: 1, channel: 'phone_call', status: 'task_created' }])).toMatchObject({ kind: 'done' });
  });

  it('gives up when every channel failed', () => {
    const attempts = [failed(1, 'sms', 'permanent'), failed(2, 'email', 'permanent'), failed(3, 'phone_call', 'permanent')];
    expect(plan(attempts)).toEqual({ kind: 'give_up', reason: 'ALL_CHANNELS_FAILED' });
  });

  it('resolves an attempt left in progress by a crashed run before anything else, and never re-sends after it', () => {
    expect(plan([failed(1, 'sms', 'transient'), { attempt: 2, channel: 'sms', status: 'in_progress' }])).toEqual({
      kind: 'resolve_unknown',
      attempt: 2,
      channel: 'sms',
    });
    expect(plan([{ attempt: 1, channel: 'sms', status: 'unknown' }])).toEqual({ kind: 'give_up', reason: 'OUTCOME_UNKNOWN' });
  });

  it('orders attempts by number whatever order they are given in', () => {
    expect(plan([failed(2, 'sms', 'transient'), failed(1, 'sms', 'transient')])).toMatchObject({ attempt: 3, try: 3 });
  });
});

describe('channelOrder', () => {
  it('keeps the ranking order, each channel once', () => {
    expect(channelOrder([{ channel: 'email' }, { channel: 'sms' }, { channel: 'email' }])).toEqual(['email', 'sms']);
  });

  it('tries every channel in catalog order without a ranking', () => {
    expect(channelOrder(undefined)).toEqual(['sms', 'email', 'phone_call']);
    expect(channelOrder([])).toEqual(['sms', 'email', 'phone_call']);
  });
});

describe('backoffDelayMs', () => {
  it('doubles from the base and is capped', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, policy))).toEqual([0, 200, 400, 800]);
    expect(backoffDelayMs(10, policy)).toBe(5000);
  });
});
