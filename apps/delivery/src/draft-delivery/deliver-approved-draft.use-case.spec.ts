import { Clock, validateEnvironment } from '@followup/config';
import { Channel, DraftScreenedEvent, ERASED_VERSION } from '@followup/contracts';
import { createEvent, OutboxFields } from '@followup/messaging';
import { ChannelAdapter, OutboundMessage, SendResult } from '../channels/channel-adapter';
import { DEFAULT_SENDING_POLICY } from '../sending-policy/sending-policy';
import { ApprovedDelivery } from './approved-delivery.repository';
import { DeliverApprovedDraftUseCase } from './deliver-approved-draft.use-case';
import { AttemptKey, AttemptOutcome, DeliveryAttempt, REACHING_STATUSES, reachedAt } from './delivery-attempt.repository';
import { claimStep, heldUntil, ReachClaim } from './lead-reach.repository';

interface Publisher {
  publish(topic: string, key: string, event: unknown): Promise<void>;
}

/** In-memory stand-in for the attempts collection, with the unique idempotency key and the outbox marker. */
class InMemoryAttempts {
  rows: DeliveryAttempt[] = [];
  failNextSettle = false;

  constructor(private readonly publisher: Publisher) {}

  async listFor(tenant: string, recommendationId: string) {
    return structuredClone(this.rows.filter((r) => r.tenant === tenant && r.recommendation_id === recommendationId)).sort(
      (a, b) => a.attempt - b.attempt,
    );
  }
  async insertOnce(attempt: DeliveryAttempt) {
    if (this.rows.some((r) => r.idempotency_key === attempt.idempotency_key)) return false;
    this.rows.push(structuredClone(attempt));
    return true;
  }
  async settle({ tenant, idempotency_key: key }: AttemptKey, outcome: AttemptOutcome) {
    if (this.failNextSettle) {
      this.failNextSettle = false;
      throw Object.assign(new Error('connection lost'), { name: 'MongoNetworkError' });
    }
    const row = this.rows.find((r) => r.tenant === tenant && r.idempotency_key === key && r.status === 'in_progress');
    if (!row) return false;
    Object.assign(row, structuredClone(outcome));
    return true;
  }
  async failDelivered({ tenant, idempotency_key: key }: AttemptKey, outcome: Omit<AttemptOutcome, 'finished_at'>) {
    const row = this.rows.find((r) => r.tenant === tenant && r.idempotency_key === key && r.status === 'delivered');
    if (!row) return false;
    Object.assign(row, structuredClone(outcome));
    return true;
  }
  async deliverOutbox({ tenant, idempotency_key: key, outbox, outbox_pending }: AttemptKey & OutboxFields) {
    if (!outbox_pending || !outbox) return;
    for (const message of outbox) await this.publisher.publish(message.topic, message.key, message.event);
    Object.assign(
      this.rows.find((r) => r.tenant === tenant && r.idempotency_key === key)!,
      { outbox: null, outbox_pending: false },
    );
  }
  async lastReachedAt(tenant: string, leadId: string, except: string) {
    const last = this.rows
      .filter((r) => r.tenant === tenant && r.lead_id === leadId && r.recommendation_id !== except && REACHING_STATUSES.includes(r.status))
      .sort((a, b) => b.started_at.getTime() - a.started_at.getTime())[0];
    return last && reachedAt(last);
  }
}

class InMemoryDeliveries {
  rows: ApprovedDelivery[] = [];
  async recordOnce(delivery: ApprovedDelivery) {
    if (this.rows.some((r) => r.recommendation_id === delivery.recommendation_id)) return false;
    this.rows.push(structuredClone(delivery));
    return true;
  }
  async findOne(tenant: string, recommendationId: string) {
    return this.rows.find((r) => r.tenant === tenant && r.recommendation_id === recommendationId) ?? null;
  }
}

/** The lead's claims under the frequency cap, decided by the repository's own rule (claimStep). */
class InMemoryReaches {
  rows: { tenant: string; lead_id: string; seq: number; attempt_key: string; claimed_at: Date; released: boolean }[] = [];
  async claim(claim: ReachClaim) {
    const latest = this.rows.filter((r) => r.tenant === claim.tenant && r.lead_id === claim.lead_id).at(-1) ?? null;
    const step = claimStep(latest, claim);
    if ('own' in step) return { seq: step.own, taken: false };
    if ('heldSince' in step) return step;
    const { tenant, lead_id, attempt_key, now } = claim;
    this.rows.push({ tenant, lead_id, seq: step.next, attempt_key, claimed_at: now, released: false });
    return { seq: step.next, taken: true };
  }
  async heldSince(tenant: string, leadId: string, now: Date, frequencyCapHours: number) {
    const latest = this.rows.filter((r) => r.tenant === tenant && r.lead_id === leadId).at(-1) ?? null;
    return heldUntil(latest, { now, frequency_cap_hours: frequencyCapHours }) ? latest!.claimed_at : undefined;
  }
  async releaseClaim(tenant: string, leadId: string, seq: number) {
    for (const row of this.rows) if (row.tenant === tenant && row.lead_id === leadId && row.seq === seq) row.released = true;
  }
  /** A claim another run took (or left) on LD-1 of acme, not released. */
  claimedBy(attemptKey: string, claimedAt: string, seq = 1) {
    this.rows.push({ tenant: 'acme', lead_id: 'LD-1', seq, attempt_key: attemptKey, claimed_at: new Date(claimedAt), released: false });
  }

  failNextRelease = false;
  async releaseAttempt(tenant: string, leadId: string, attemptKey: string) {
    if (this.failNextRelease) {
      this.failNextRelease = false;
      throw Object.assign(new Error('connection lost'), { name: 'MongoNetworkError' });
    }
    for (const row of this.rows) if (row.tenant === tenant && row.lead_id === leadId && row.attempt_key === attemptKey) row.released = true;
  }
}

type Job = { key: string; kind?: string; tenant?: string; due_at: Date; payload: Record<string, unknown> };

class InMemoryJobs {
  jobs: Job[] = [];
  failNextPendingWith = false;
  async schedule(job: Job) {
    if (this.jobs.some((j) => j.key === job.key)) return false;
    this.jobs.push(job);
    return true;
  }
  async pendingWith(kind: string, tenant: string, payload: Record<string, unknown>) {
    if (this.failNextPendingWith) {
      this.failNextPendingWith = false;
      throw Object.assign(new Error('connection lost'), { name: 'MongoNetworkError' });
    }
    return this.jobs.filter(
      (j) => j.kind === kind && j.tenant === tenant && Object.entries(payload).every(([field, value]) => j.payload[field] === value),
    );
  }
}

class ManualClock extends Clock {
  constructor(public current: Date) {
    super();
  }
  now() {
    return new Date(this.current);
  }
}

class RecordingAdapter implements ChannelAdapter {
  sent: OutboundMessage[] = [];
  constructor(
    readonly channel: Channel,
    private readonly results: SendResult[],
  ) {}
  async send(message: OutboundMessage): Promise<SendResult> {
    this.sent.push(message);
    return this.results.shift() ?? { status: 'delivered' };
  }
}

const quietLogger = { setContext: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const contact = {
  tenant: 'acme',
  lead_id: 'LD-1',
  first_name: 'Sarah',
  owner_rep_id: 'rep-17',
  time_zone: 'America/New_York' as string | null,
  contacts: { email: 'lead@example.com', phone: '+14155550123' },
  consent: { sms: true, email: true, phone_call: true },
  version: 1,
};

/** Wednesday 10 June 2026, 10:00 in New York (EDT): inside every default window. */
const WEDNESDAY_MORNING = new Date('2026-06-10T14:00:00Z');

function setup(adapters: ChannelAdapter[], now = WEDNESDAY_MORNING, contactNow: () => unknown = () => contact) {
  const deliveries = new InMemoryDeliveries();
  const jobs = new InMemoryJobs();
  const clock = new ManualClock(now);
  const published: { topic: string; event: any }[] = [];
  let failPublishes = 0;
  let whilePublishing = () => undefined as void;
  const publisher = {
    publish: async (topic: string, _key: string, event: unknown) => {
      if (failPublishes > 0) {
        failPublishes -= 1;
        throw Object.assign(new Error('broker down'), { name: 'PublishFailedError' });
      }
      published.push({ topic, event });
      whilePublishing();
    },
    publishAll: async (messages: { topic: string; key: string; event: unknown }[]) => {
      for (const message of messages) await publisher.publish(message.topic, message.key, message.event);
    },
  };
  const attempts = new InMemoryAttempts(publisher);
  const reaches = new InMemoryReaches();
  const useCase = new DeliverApprovedDraftUseCase(
    attempts as never,
    deliveries as never,
    reaches as never,
    { findOne: async () => contactNow() } as never,
    { forTenant: async () => structuredClone(DEFAULT_SENDING_POLICY) } as never,
    jobs as never,
    publisher as never,
    adapters,
    validateEnvironment({ DELIVERY_RETRY_BASE_DELAY_MS: 0 }),
    clock,
    quietLogger as never,
  );
  return {
    useCase,
    attempts,
    deliveries,
    reaches,
    jobs,
    clock,
    published,
    failNextPublishes: (n: number) => (failPublishes = n),
    onPublish: (run: () => void) => (whilePublishing = run),
  };
}

function screened(ranking: Channel[]): DraftScreenedEvent {
  return createEvent(
    DraftScreenedEvent,
    'compliance',
    { request_id: 'req-1', tenant: 'acme', actor: { kind: 'service', id: 'compliance' } },
    {
      recommendation_id: '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f',
      lead_id: 'LD-1',
      stage: 'pre_delivery',
      verdict: 'clear',
      findings: [],
      draft_message: 'Hello',
      channel_ranking: ranking.map((channel) => ({ channel, response_probability: 0.5, consented: true })),
      screened_at: new Date().toISOString(),
    },
  );
}

describe('DeliverApprovedDraftUseCase', () => {
  it('sends nothing more once the lead is erased during the run: a fallback after a slow failed send is not made', async () => {
    let current: typeof contact = contact;
    // the email provider takes its time and fails; meanwhile the lead is erased (its entry held at ERASED_VERSION)
    const email: ChannelAdapter = {
      channel: 'email',
      send: async () => {
        current = { ...contact, first_name: '[erased]', contacts: {} as typeof contact.contacts, version: ERASED_VERSION };
        return { status: 'permanent_failure', error_code: 'SMTP_550' };
      },
    };
    const call = new RecordingAdapter('phone_call', [{ status: 'task_created', task_id: 'task-1' }]);
    const { useCase, attempts } = setup([email, call], WEDNESDAY_MORNING, () => current);

    await useCase.execute(screened(['email', 'phone_call']));

    expect(call.sent).toHaveLength(0);
    expect(attempts.rows.map(({ channel, status, error_code }) => [channel, status, error_code])).toEqual([
      ['email', 'failed', 'SMTP_550'],
      ['phone_call', 'failed', 'LEAD_ERASED'],
    ]);
  });

  it('a run that died after recording the attempt but before settling it is never re-sent; the rep is notified', async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'delivered' }]);
    const email = new RecordingAdapter('email', []);
    const { useCase, attempts, published } = setup([sms, email]);
    const event = screened(['sms', 'email']);

    attempts.failNextSettle = true; // the provider was called and the outcome published, then it could not be stored
    await expect(useCase.execute(event)).rejects.toThrow('connection lost');
    expect(sms.sent).toHaveLength(1);
    expect(attempts.rows[0].status).toBe('in_progress');
    expect(published.map((p) => [p.event.event_type, p.event.payload.outcome])).toEqual([['delivery.attempted', 'delivered']]);

    await useCase.execute(event); // Kafka redelivers the event
    expect(sms.sent).toHaveLength(1);
    expect(email.sent).toHaveLength(0);
    expect(attempts.rows).toHaveLength(1);
    expect(attempts.rows[0]).toMatchObject({ status: 'unknown', error_code: 'OUTCOME_UNKNOWN', final: true });
    expect(attempts.rows[0].outbox_pending).toBeUndefined(); // published before it was stored: no marker to clear
    expect(published.map((p) => [p.event.event_type, p.event.payload.outcome])).toEqual([
      ['delivery.attempted', 'delivered'],
      ['delivery.attempted', 'failed'], // the contract reports an unknown outcome as failed
      ['notification.requested', undefined],
    ]);
    expect(published[2].event.payload).toMatchObject({ kind: 'delivery_failed', recipient_role: 'sales_rep', recipient_sub: 'rep-17' });
  });

  it('publishes events stored before a broker outage on redelivery, with the same ids, without sending again', async () => {
    const email = new RecordingAdapter('email', [{ status: 'delivered' }]);
    const { useCase, attempts, published, failNextPublishes } = setup([email]);
    const event = screened(['email']);

    failNextPublishes(1);
    await expect(useCase.execute(event)).rejects.toThrow('broker down');
    expect(attempts.rows[0]).toMatchObject({ status: 'delivered', final: true });
    const storedEventId = (attempts.rows[0].outbox![0].event as { event_id: string }).event_id;

    await useCase.execute(event);
    expect(email.sent).toHaveLength(1);
    expect(published).toHaveLength(1);
    expect(published[0].event.event_id).toBe(storedEventId);
    // uuid5(Followup namespace, 'delivery/delivery.attempted/<recommendation_id>:1:delivered'), worked out with Python's uuid module
    expect(storedEventId).toBe('e63e1dce-7c59-5279-98ab-5cfaecb00fb9');
    expect(attempts.rows[0].outbox).toBeNull();

    await useCase.execute(event);
    expect(published).toHaveLength(1);
  });

  it('keeps an approval sent at once on its first attempt, where a later bounce finds it to fall back to the next channel', async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'delivered', provider_message_id: 'SM1' }]);
    const email = new RecordingAdapter('email', [{ status: 'delivered' }]);
    const { useCase, attempts, deliveries } = setup([sms, email]);
    await useCase.execute(screened(['sms', 'email']));
    expect(deliveries.rows).toHaveLength(0);
    expect(attempts.rows[0]).toMatchObject({
      attempt: 1,
      status: 'delivered',
      request_id: 'req-1',
      approval: {
        draft_message: 'Hello',
        channel_ranking: [
          { channel: 'sms', response_probability: 0.5, consented: true },
          { channel: 'email', response_probability: 0.5, consented: true },
        ],
      },
    });

    const recommendation_id = '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    expect(await useCase.failAfterDelivery({ tenant: 'acme', recommendation_id, attempt: 1, error_code: 'SMS_UNDELIVERED' })).toBe(true);
    expect(email.sent.map((m) => [m.body, m.request_id])).toEqual([['Hello', 'req-1']]);
    expect(attempts.rows.map((r) => [r.channel, r.status, r.final, r.approval === undefined])).toEqual([
      ['sms', 'failed', false, false],
      ['email', 'delivered', true, true],
    ]);
  });

  it("comes back to a report's delivery once any send it started would have ended: a send a dead run left in progress is settled unknown", async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'delivered', provider_message_id: 'SM1' }]);
    const email = new RecordingAdapter('email', []);
    const { useCase, attempts, jobs, clock } = setup([sms, email]);
    await useCase.execute(screened(['sms', 'email']));
    const recommendation_id = '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    // the report's run failed the SMS and died while sending the email: its attempt is left in progress
    const sentSms = attempts.rows[0];
    Object.assign(sentSms, { status: 'failed', failure: 'permanent', error_code: 'SMS_UNDELIVERED', final: false });
    attempts.rows.push({
      ...sentSms,
      attempt: 2,
      idempotency_key: `${recommendation_id}:2`,
      channel: 'email',
      status: 'in_progress',
      started_at: clock.now(),
    });

    // the provider's retry a moment later leaves the send alone, and a job comes back after ABANDONED_AFTER_MS (5 minutes)
    expect(await useCase.failAfterDelivery({ tenant: 'acme', recommendation_id, attempt: 1, error_code: 'SMS_UNDELIVERED' })).toBe(true);
    expect(attempts.rows.map((r) => r.status)).toEqual(['failed', 'in_progress']);
    expect(jobs.jobs.map((j) => [j.key, j.due_at.toISOString()])).toEqual([
      [`delivery.check-back:${recommendation_id}:after-report:1`, '2026-06-10T14:05:00.000Z'],
    ]);

    clock.current = new Date('2026-06-10T14:05:00.000Z');
    await useCase.checkBack({ tenant: 'acme', recommendation_id });
    expect(attempts.rows.map((r) => [r.channel, r.status, r.error_code])).toEqual([
      ['sms', 'failed', 'SMS_UNDELIVERED'],
      ['email', 'unknown', 'OUTCOME_UNKNOWN'],
    ]);
    expect(email.sent).toHaveLength(0);
  });

  it('checking back, leaves alone a send that started after the report (it is under way) and looks again when it would have ended', async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'delivered', provider_message_id: 'SM1' }]);
    const { useCase, attempts, jobs, clock } = setup([sms, new RecordingAdapter('email', [])]);
    await useCase.execute(screened(['sms', 'email']));
    const recommendation_id = '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    Object.assign(attempts.rows[0], { status: 'failed', failure: 'permanent', error_code: 'SMS_UNDELIVERED', final: false });
    // the fallback's email waited for its window and started 10 s before the check-back is due
    const emailStart = new Date('2026-06-10T14:04:50.000Z');
    attempts.rows.push({
      ...attempts.rows[0],
      attempt: 2,
      idempotency_key: `${recommendation_id}:2`,
      channel: 'email',
      status: 'in_progress',
      started_at: emailStart,
    });

    clock.current = new Date('2026-06-10T14:05:00.000Z');
    await useCase.checkBack({ tenant: 'acme', recommendation_id });
    expect(attempts.rows.map((r) => r.status)).toEqual(['failed', 'in_progress']);
    expect(jobs.jobs.map((j) => [j.key, j.due_at.toISOString()])).toEqual([
      [`delivery.check-back:${recommendation_id}:send:2`, '2026-06-10T14:09:50.000Z'],
    ]);
  });

  it('schedules the check-back on a first report', async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'delivered', provider_message_id: 'SM1' }]);
    const { useCase, jobs } = setup([sms, new RecordingAdapter('email', [{ status: 'delivered' }])]);
    await useCase.execute(screened(['sms', 'email']));
    const recommendation_id = '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    expect(await useCase.failAfterDelivery({ tenant: 'acme', recommendation_id, attempt: 1, error_code: 'SMS_UNDELIVERED' })).toBe(true);
    expect(jobs.jobs.map((j) => [j.key, j.due_at.toISOString()])).toEqual([
      [`delivery.check-back:${recommendation_id}:after-report:1`, '2026-06-10T14:05:00.000Z'],
    ]);
  });

  it('passes one idempotency key per recommendation and channel (the same on a retry) and the contact detail to the adapter', async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'transient_failure', error_code: 'X' }, { status: 'delivered' }]);
    const { useCase } = setup([sms]);
    await useCase.execute(screened(['sms']));
    expect(sms.sent.map((m) => [m.idempotency_key, m.to, m.body])).toEqual([
      ['8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f:sms', '+14155550123', 'Hello'],
      ['8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f:sms', '+14155550123', 'Hello'],
    ]);
  });

  it('holds an SMS approved at 23:00 lead-local time until 08:00: a job, a `scheduled` event, then one send when due', async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'delivered' }]);
    // Tuesday 9 June 2026, 23:00 EDT
    const { useCase, jobs, clock, published, attempts, deliveries } = setup([sms], new Date('2026-06-10T03:00:00Z'));
    const event = screened(['sms']);
    await useCase.execute(event);
    expect(sms.sent).toHaveLength(0);
    expect(attempts.rows).toHaveLength(0);
    expect(deliveries.rows.map((d) => d.draft_message)).toEqual(['Hello']); // kept on its own for the job
    expect(jobs.jobs.map((j) => [j.due_at.toISOString(), j.payload])).toEqual([
      ['2026-06-10T12:00:00.000Z', { tenant: 'acme', recommendation_id: '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f', lead_id: 'LD-1' }],
    ]);
    expect(published.map((p) => p.event.payload)).toEqual([
      expect.objectContaining({
        outcome: 'scheduled',
        channel: 'sms',
        attempt: 1,
        final: false,
        scheduled_for: '2026-06-10T12:00:00.000Z',
      }),
    ]);

    await useCase.execute(event); // a redelivery schedules nothing new and announces the same event again
    expect(jobs.jobs).toHaveLength(1);
    expect(published[1].event.event_id).toBe(published[0].event.event_id);

    clock.current = new Date('2026-06-10T12:00:00Z');
    await useCase.advance({ tenant: 'acme', recommendation_id: '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f' });
    await useCase.advance({ tenant: 'acme', recommendation_id: '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f' });
    expect(sms.sent).toHaveLength(1);
    expect(attempts.rows.map((r) => [r.status, r.final])).toEqual([['delivered', true]]);
  });

  it('waits out a retry backoff as a job, without announcing it', async () => {
    const email = new RecordingAdapter('email', [{ status: 'transient_failure', error_code: 'SMTP_UNREACHABLE' }, { status: 'delivered' }]);
    const { useCase, jobs, clock, published, attempts } = setup([email]);
    (useCase as unknown as { policy: { baseDelayMs: number } }).policy.baseDelayMs = 400;
    await useCase.execute(screened(['email']));
    expect(email.sent).toHaveLength(1);
    expect(jobs.jobs.map((j) => j.due_at.toISOString())).toEqual(['2026-06-10T14:00:00.400Z']);
    expect(published.map((p) => p.event.payload.outcome)).toEqual(['failed']);
    clock.current = new Date('2026-06-10T14:00:00.400Z');
    await useCase.advance({ tenant: 'acme', recommendation_id: '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f' });
    expect(attempts.rows.map((r) => [r.try, r.status])).toEqual([
      [1, 'failed'],
      [2, 'delivered'],
    ]);
  });

  it('holds a second message to the same lead for 48 hours (the default frequency cap)', async () => {
    const email = new RecordingAdapter('email', [{ status: 'delivered' }, { status: 'delivered' }]);
    const { useCase, jobs, published } = setup([email]);
    await useCase.execute(screened(['email']));
    const second = screened(['email']);
    second.payload.recommendation_id = '11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    await useCase.execute(second);
    expect(email.sent).toHaveLength(1);
    expect(jobs.jobs.map((j) => j.due_at.toISOString())).toEqual(['2026-06-12T14:00:00.000Z']);
    expect(published.at(-1)!.event.payload).toMatchObject({ outcome: 'scheduled', error_code: 'FREQUENCY_CAP' });
  });

  it("releases a failed send's claim of the lead, so the next recommendation is not held by it", async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'permanent_failure', error_code: 'SMS_REJECTED' }, { status: 'delivered' }]);
    const { useCase, reaches, jobs } = setup([sms]);
    await useCase.execute(screened(['sms']));
    expect(reaches.rows.map((r) => [r.seq, r.attempt_key, r.released])).toEqual([[1, '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f:1', true]]);
    const second = screened(['sms']);
    second.payload.recommendation_id = '11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    await useCase.execute(second);
    expect(sms.sent).toHaveLength(2);
    expect(jobs.jobs).toEqual([]);
    expect(reaches.rows.map((r) => [r.seq, r.attempt_key, r.released])).toEqual([
      [1, '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f:1', true],
      [2, '11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f:1', false],
    ]);
  });

  it("holds a send while another send's claim of the lead holds it, even before that send's attempt is recorded", async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'delivered' }]);
    const { useCase, reaches, jobs, published } = setup([sms]);
    // another instance claimed the lead a minute ago and has not recorded its attempt yet
    reaches.claimedBy('other:1', '2026-06-10T13:59:00.000Z');
    await useCase.execute(screened(['sms']));
    expect(sms.sent).toHaveLength(0);
    expect(jobs.jobs.map((j) => j.due_at.toISOString())).toEqual(['2026-06-12T13:59:00.000Z']);
    expect(published.at(-1)!.event.payload).toMatchObject({ outcome: 'scheduled', error_code: 'FREQUENCY_CAP' });
  });

  it("is not held by another recommendation's claim whose send failed and whose fallback waits for its window", async () => {
    // Saturday 13 June 2026, 10:00 EDT: SMS may go out, calls wait for Monday
    const saturday = new Date('2026-06-13T14:00:00.000Z');
    const sms = new RecordingAdapter('sms', [{ status: 'permanent_failure', error_code: 'SMS_REJECTED' }]);
    const email = new RecordingAdapter('email', [{ status: 'delivered' }]);
    const { useCase, jobs } = setup([sms, email, new RecordingAdapter('phone_call', [])], saturday);
    await useCase.execute(screened(['sms', 'phone_call']));
    expect(jobs.jobs.map((j) => j.due_at.toISOString())).toEqual(['2026-06-15T12:00:00.000Z']);
    const other = screened(['email']);
    other.payload.recommendation_id = '11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    await useCase.execute(other);
    expect(email.sent).toHaveLength(1);
  });

  it('plans a send held by another send in flight again as soon as that send fails, instead of waiting the cap', async () => {
    let fail: (result: SendResult) => void = () => undefined;
    const inFlight: ChannelAdapter = {
      channel: 'sms',
      send: () => new Promise<SendResult>((resolve) => (fail = resolve)),
    };
    const email = new RecordingAdapter('email', [{ status: 'delivered' }]);
    const { useCase, jobs } = setup([inFlight, email]);
    const first = useCase.execute(screened(['sms']));
    await new Promise((resolve) => setImmediate(resolve)); // the first recommendation's SMS is under way
    const second = screened(['email']);
    second.payload.recommendation_id = '11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    await useCase.execute(second);
    expect(email.sent).toHaveLength(0);
    // held for the cap, 48 hours: the first send's attempt, under way, counts from its start
    expect(jobs.jobs.map((j) => [j.key, j.due_at.toISOString(), j.payload.held])).toEqual([
      ['delivery.advance:11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f:1:1781272800000', '2026-06-12T14:00:00.000Z', true],
    ]);

    fail({ status: 'permanent_failure', error_code: 'SMS_REJECTED' });
    await first;
    // woken: a job due now beside the one at the cap's end
    expect(jobs.jobs.map((j) => [j.key, j.due_at.toISOString()])).toEqual([
      ['delivery.advance:11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f:1:1781272800000', '2026-06-12T14:00:00.000Z'],
      [
        'delivery.advance:11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f:1:1781272800000:woken:8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f:1',
        '2026-06-10T14:00:00.000Z',
      ],
    ]);
    await useCase.advance(jobs.jobs[1].payload as never);
    expect(email.sent).toHaveLength(1);
  });

  it('wakes a held send again when a second send in flight holds it and fails too, and sends it once', async () => {
    const failures: ((result: SendResult) => void)[] = [];
    const inFlight: ChannelAdapter = { channel: 'sms', send: () => new Promise<SendResult>((resolve) => failures.push(resolve)) };
    const email = new RecordingAdapter('email', [{ status: 'delivered' }]);
    const { useCase, jobs, clock } = setup([inFlight, email]);
    const withId = (ranking: Channel[], id: string) => {
      const event = screened(ranking);
      event.payload.recommendation_id = id;
      return event;
    };
    const firstHolder = useCase.execute(screened(['sms']));
    await new Promise((resolve) => setImmediate(resolve));
    await useCase.execute(withId(['email'], '11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f'));
    failures[0]({ status: 'permanent_failure', error_code: 'SMS_REJECTED' });
    await firstHolder;
    // ten minutes on, a third recommendation's SMS claims the lead before the woken send runs: held again, for its cap
    clock.current = new Date('2026-06-10T14:10:00Z');
    const secondHolder = useCase.execute(withId(['sms'], '22222222-2b7a-4c39-9f4e-5a6b7c8d9e0f'));
    await new Promise((resolve) => setImmediate(resolve));
    await useCase.advance(jobs.jobs[1].payload as never);
    expect(email.sent).toHaveLength(0);
    failures[1]({ status: 'permanent_failure', error_code: 'SMS_REJECTED' });
    await secondHolder;
    // both of its waits, the first cap's (to Friday 14:00) and the second's (to Friday 14:10), are woken by the second
    // failure, each with a job of its own due now
    const short = (key: string) => key.replace(/-2b7a-4c39-9f4e-5a6b7c8d9e0f/g, '');
    expect(jobs.jobs.map((job) => [short(job.key), job.due_at.toISOString(), job.payload.held])).toEqual([
      ['delivery.advance:11111111:1:1781272800000', '2026-06-12T14:00:00.000Z', true],
      ['delivery.advance:11111111:1:1781272800000:woken:8d1c6f0e:1', '2026-06-10T14:00:00.000Z', true],
      ['delivery.advance:11111111:1:1781273400000', '2026-06-12T14:10:00.000Z', true],
      ['delivery.advance:11111111:1:1781272800000:woken:22222222:1', '2026-06-10T14:10:00.000Z', true],
      ['delivery.advance:11111111:1:1781273400000:woken:22222222:1', '2026-06-10T14:10:00.000Z', true],
    ]);
    for (const job of jobs.jobs.slice(3)) await useCase.advance(job.payload as never);
    expect(email.sent).toHaveLength(1);
  });

  it("wakes the sends a failed send held even when the broker refuses that failure's events", async () => {
    let fail: (result: SendResult) => void = () => undefined;
    const inFlight: ChannelAdapter = { channel: 'sms', send: () => new Promise<SendResult>((resolve) => (fail = resolve)) };
    const email = new RecordingAdapter('email', [{ status: 'delivered' }]);
    const { useCase, jobs, failNextPublishes } = setup([inFlight, email]);
    const holder = useCase.execute(screened(['sms']));
    await new Promise((resolve) => setImmediate(resolve));
    const held = screened(['email']);
    held.payload.recommendation_id = '11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    await useCase.execute(held);
    failNextPublishes(1);
    fail({ status: 'permanent_failure', error_code: 'SMS_REJECTED' });
    await expect(holder).rejects.toThrow('broker down');
    expect(jobs.jobs.map((job) => [job.key.replace(/-2b7a-4c39-9f4e-5a6b7c8d9e0f/g, ''), job.due_at.toISOString()])).toEqual([
      ['delivery.advance:11111111:1:1781272800000', '2026-06-12T14:00:00.000Z'],
      ['delivery.advance:11111111:1:1781272800000:woken:8d1c6f0e:1', '2026-06-10T14:00:00.000Z'],
    ]);
    await useCase.advance(jobs.jobs[1].payload as never);
    expect(email.sent).toHaveLength(1);
  });

  it("wakes the sends a failed send held when the job's run stopped after recording the failure, before its wake", async () => {
    let fail: (result: SendResult) => void = () => undefined;
    const inFlight: ChannelAdapter = { channel: 'sms', send: () => new Promise<SendResult>((resolve) => (fail = resolve)) };
    const email = new RecordingAdapter('email', [{ status: 'delivered' }]);
    const { useCase, jobs, deliveries } = setup([inFlight, email]);
    // an approval whose send had waited (for its window, say): its job runs it
    const { tenant, payload } = screened(['sms']);
    await deliveries.recordOnce({
      tenant,
      recommendation_id: payload.recommendation_id,
      lead_id: payload.lead_id,
      request_id: 'req-1',
      draft_message: 'Hello',
      channel_ranking: payload.channel_ranking!,
    });
    const holder = useCase.advance({ tenant, recommendation_id: payload.recommendation_id });
    await new Promise((resolve) => setImmediate(resolve));
    const held = screened(['email']);
    held.payload.recommendation_id = '11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    await useCase.execute(held);
    // the SMS fails and is recorded failed; the wake's read of the held jobs fails (as a crash there would stop it)
    jobs.failNextPendingWith = true;
    fail({ status: 'permanent_failure', error_code: 'SMS_REJECTED' });
    await expect(holder).rejects.toThrow('connection lost');
    expect(jobs.jobs).toHaveLength(1);
    // the job runs again (its lease ran out): it finds the attempt failed and wakes what it held
    await useCase.advance({ tenant, recommendation_id: payload.recommendation_id });
    expect(jobs.jobs.map((job) => [job.key.replace(/-2b7a-4c39-9f4e-5a6b7c8d9e0f/g, ''), job.due_at.toISOString()])).toEqual([
      ['delivery.advance:11111111:1:1781272800000', '2026-06-12T14:00:00.000Z'],
      ['delivery.advance:11111111:1:1781272800000:woken:8d1c6f0e:1', '2026-06-10T14:00:00.000Z'],
    ]);
    await useCase.advance(jobs.jobs[1].payload as never);
    expect(email.sent).toHaveLength(1);
  });

  it("releases and wakes what a failure report's run left held when it stopped before its release", async () => {
    const email = new RecordingAdapter('email', [{ status: 'delivered', provider_message_id: 'M1' }, { status: 'delivered' }]);
    const { useCase, jobs, reaches } = setup([email]);
    await useCase.execute(screened(['email']));
    const held = screened(['email']);
    held.payload.recommendation_id = '11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    await useCase.execute(held);
    expect(email.sent).toHaveLength(1); // the second held by the first's claim, for the cap
    // the bounce is recorded; the release of the first's claim fails (as a crash there would stop it)
    reaches.failNextRelease = true;
    const recommendation_id = '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    await expect(useCase.failAfterDelivery({ tenant: 'acme', recommendation_id, attempt: 1, error_code: 'EMAIL_BOUNCED' })).rejects.toThrow(
      'connection lost',
    );
    // the report's check-back releases the claim and wakes the held send, which then goes
    await useCase.checkBack({ tenant: 'acme', recommendation_id });
    const woken = jobs.jobs.filter((job) => job.key.includes(':woken:'));
    expect(woken.map((job) => job.due_at.toISOString())).toEqual(['2026-06-10T14:00:00.000Z']);
    await useCase.advance(woken[0].payload as never);
    expect(email.sent).toHaveLength(2);
  });

  it('releases and wakes what a failed send held when its screening comes again outside the window', async () => {
    let fail: (result: SendResult) => void = () => undefined;
    const inFlight: ChannelAdapter = { channel: 'sms', send: () => new Promise<SendResult>((resolve) => (fail = resolve)) };
    const { useCase, jobs, clock } = setup([inFlight, new RecordingAdapter('email', [])]);
    const holding = screened(['sms']);
    const holder = useCase.execute(holding);
    await new Promise((resolve) => setImmediate(resolve));
    const held = screened(['email']);
    held.payload.recommendation_id = '11111111-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    await useCase.execute(held);
    jobs.failNextPendingWith = true; // the failure's wake stops
    fail({ status: 'permanent_failure', error_code: 'SMS_REJECTED' });
    await expect(holder).rejects.toThrow('connection lost');
    // redelivered at 23:30 in New York, the SMS window closed: its run takes no claim to leave
    clock.current = new Date('2026-06-11T03:30:00Z');
    await useCase.execute(holding);
    expect(jobs.jobs.filter((job) => job.key.includes(':woken:')).map((job) => job.due_at.toISOString())).toEqual([
      '2026-06-11T03:30:00.000Z',
    ]);
  });

  it('plans a held send again at once when its holder failed, and woke no one, before the wait was stored', async () => {
    const email = new RecordingAdapter('email', [{ status: 'delivered' }]);
    const { useCase, reaches, jobs, onPublish } = setup([email]);
    // another instance's claim of the lead, a minute old, for a send it has not recorded yet
    reaches.claimedBy('other:1', '2026-06-10T13:59:00.000Z');
    // while this send's wait is being stored, the other send fails and its claim is released (its wake found no job)
    onPublish(() => void (reaches.rows[0].released = true));
    await useCase.execute(screened(['email']));
    expect(email.sent).toHaveLength(1);
    expect(jobs.jobs.map((j) => j.due_at.toISOString())).toEqual(['2026-06-12T13:59:00.000Z']); // left to find nothing to do
  });

  it("holds a send by another's claim until the cap has passed and the lead's window is open", async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'delivered' }]);
    const { useCase, reaches, jobs } = setup([sms]);
    // another send claimed the lead on Tuesday at 21:30 EDT: the cap ends Thursday 21:30, outside the SMS window
    reaches.claimedBy('other:1', '2026-06-10T01:30:00.000Z');
    await useCase.execute(screened(['sms']));
    expect(sms.sent).toHaveLength(0);
    expect(jobs.jobs.map((j) => j.due_at.toISOString())).toEqual(['2026-06-12T12:00:00.000Z']); // Friday 08:00 EDT
  });

  it("releases the lost message's claim on the provider's retried report, so the fallback is not held by it", async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'delivered', provider_message_id: 'SM1' }]);
    const email = new RecordingAdapter('email', [{ status: 'delivered' }]);
    const { useCase, reaches } = setup([sms, email]);
    await useCase.execute(screened(['sms', 'email']));
    const recommendation_id = '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f';
    reaches.failNextRelease = true;
    await expect(
      useCase.failAfterDelivery({ tenant: 'acme', recommendation_id, attempt: 1, error_code: 'SMS_UNDELIVERED' }),
    ).rejects.toThrow('connection lost');
    expect(email.sent).toHaveLength(0);
    expect(await useCase.failAfterDelivery({ tenant: 'acme', recommendation_id, attempt: 1, error_code: 'SMS_UNDELIVERED' })).toBe(true);
    expect(email.sent).toHaveLength(1);
  });

  it('keeps a claim whose attempt another run recorded and is sending under it, and releases one of a finished attempt', async () => {
    const key = '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f:1';
    const attemptBy = (status: string) => ({
      tenant: 'acme',
      recommendation_id: '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f',
      lead_id: 'LD-1',
      attempt: 1,
      idempotency_key: key,
      channel: 'sms' as const,
      try: 1,
      status,
      final: status !== 'in_progress',
      request_id: 'req-1',
      started_at: new Date('2026-06-10T13:59:59.000Z'),
    });
    // a redelivery's run took the claim and then lost the attempt's record to a run sending under that claim
    const sending = setup([new RecordingAdapter('sms', [])]);
    sending.attempts.rows.push(attemptBy('in_progress') as DeliveryAttempt);
    await sending.useCase.execute(screened(['sms']));
    expect(sending.reaches.rows.map((r) => [r.attempt_key, r.released])).toEqual([[key, false]]);
    // the same for a delivery that finished long ago: nothing will send under the claim
    const finished = setup([new RecordingAdapter('sms', [])]);
    finished.attempts.rows.push(attemptBy('delivered') as DeliveryAttempt);
    await finished.useCase.execute(screened(['sms']));
    expect(finished.reaches.rows.map((r) => [r.attempt_key, r.released])).toEqual([[key, true]]);
  });

  it('releases, once the failure is recorded, a claim a redelivered run of the attempt took while it was being recorded', async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'permanent_failure', error_code: 'SMS_REJECTED' }]);
    const { useCase, reaches, onPublish } = setup([sms]);
    const key = '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f:1';
    // between the claim's release and the attempt's record, a redelivered run of it takes a claim and keeps it
    onPublish(() => void (reaches.rows.length === 1 && reaches.claimedBy(key, '2026-06-10T14:00:00.000Z', 2)));
    await useCase.execute(screened(['sms']));
    expect(reaches.rows.map((r) => [r.seq, r.attempt_key, r.released])).toEqual([
      [1, key, true],
      [2, key, true],
    ]);
  });

  it('is not held by its own claim, left by a run of the same attempt that died before recording the attempt', async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'delivered' }]);
    const { useCase, reaches, jobs } = setup([sms]);
    reaches.claimedBy('8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f:1', '2026-06-10T13:59:00.000Z');
    await useCase.execute(screened(['sms']));
    expect(sms.sent).toHaveLength(1);
    expect(jobs.jobs).toEqual([]);
    expect(reaches.rows).toHaveLength(1);
  });

  it("holds a recommendation's fallback by another's send that claimed the lead while its first send was failing", async () => {
    let meanwhile = () => undefined as void;
    const sms: ChannelAdapter = {
      channel: 'sms',
      send: async () => {
        meanwhile();
        return { status: 'permanent_failure', error_code: 'SMS_REJECTED' };
      },
    };
    const email = new RecordingAdapter('email', [{ status: 'delivered' }]);
    const { useCase, reaches, jobs, clock } = setup([sms, email]);
    // another instance's send claims the lead while ours is at the provider (ours holds no claim once it fails)
    meanwhile = () => reaches.claimedBy('other:1', clock.now().toISOString(), 2);
    await useCase.execute(screened(['sms', 'email']));
    expect(email.sent).toHaveLength(0);
    expect(reaches.rows.map((r) => [r.seq, r.attempt_key, r.released])).toEqual([
      [1, '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f:1', true],
      [2, 'other:1', false],
    ]);
    expect(jobs.jobs.map((j) => j.due_at.toISOString())).toEqual(['2026-06-12T14:00:00.000Z']);
  });

  it('never retries a provider timeout on the same channel or falls back: the outcome is unknown and the rep is told', async () => {
    const sms = new RecordingAdapter('sms', [{ status: 'transient_failure', error_code: 'SMS_PROVIDER_TIMEOUT' }]);
    const email = new RecordingAdapter('email', []);
    const { useCase, attempts, published } = setup([sms, email]);
    await useCase.execute(screened(['sms', 'email']));
    expect(sms.sent).toHaveLength(1);
    expect(email.sent).toHaveLength(0);
    expect(attempts.rows.map((r) => [r.status, r.error_code, r.final])).toEqual([['unknown', 'SMS_PROVIDER_TIMEOUT', true]]);
    expect(published.map((p) => p.event.event_type)).toEqual(['delivery.attempted', 'notification.requested']);
  });

  it('tells the owner rep when a channel failed for good and which channel comes next; not after a try that is retried', async () => {
    const sms = new RecordingAdapter('sms', [
      { status: 'transient_failure', error_code: 'SMS_PROVIDER_UNAVAILABLE' },
      { status: 'permanent_failure', error_code: 'SMS_REJECTED' },
    ]);
    const email = new RecordingAdapter('email', [{ status: 'delivered' }]);
    const { useCase, published } = setup([sms, email]);
    await useCase.execute(screened(['sms', 'email']));
    expect(published.map((p) => [p.event.event_type, p.event.payload.outcome ?? p.event.payload.kind])).toEqual([
      ['delivery.attempted', 'failed'],
      ['delivery.attempted', 'failed'],
      ['notification.requested', 'delivery_fallback'],
      ['delivery.attempted', 'delivered'],
    ]);
    expect(published[2].event.payload).toEqual({
      kind: 'delivery_fallback',
      recipient_role: 'sales_rep',
      recipient_sub: 'rep-17',
      recommendation_id: '8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f',
      lead_id: 'LD-1',
      message:
        'The approved follow-up to lead LD-1 (recommendation 8d1c6f0e-2b7a-4c39-9f4e-5a6b7c8d9e0f) could not be sent by sms (SMS_REJECTED); it is being sent by email instead.',
    });
  });

  it('ignores screenings that are not a clear pre-delivery verdict', async () => {
    const email = new RecordingAdapter('email', []);
    const { useCase, attempts } = setup([email]);
    const generated = screened(['email']);
    generated.payload.stage = 'generated';
    await useCase.execute(generated);
    const blocked = screened(['email']);
    blocked.payload.verdict = 'blocked';
    await useCase.execute(blocked);
    expect(email.sent).toHaveLength(0);
    expect(attempts.rows).toHaveLength(0);
  });
});
