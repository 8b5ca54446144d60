import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import {
  Channel,
  DeliveryAttemptedEvent,
  DraftScreenedEvent,
  EventContext,
  NotificationRequestedEvent,
  TopicName,
  Topics,
} from '@followup/contracts';
import { createEvent, EventPublisher } from '@followup/messaging';
import { CHANNEL_ADAPTERS, ChannelAdapter, SendResult } from '../channels/channel-adapter';
import { ContactRecord } from '../contact-directory/contact.schema';
import { ContactRepository } from '../contact-directory/contact.repository';
import { DeliveryAttempt, DeliveryAttemptRepository, idempotencyKey } from './delivery-attempt.repository';
import { StoredEvent } from './delivery-attempt.schema';
import { contractOutcome, deliveryFailedNotice } from './delivery-notice';
import { DeliveryStep, isTerminal, planNextStep, Reachability, RetryPolicy } from './delivery-plan';

type Heartbeat = () => Promise<void>;
type Settled = Pick<DeliveryAttempt, 'status' | 'failure' | 'error_code' | 'provider_status' | 'provider_message_id' | 'task_id'>;

/** More steps than any ranking and try limit can need; only a bug could reach it. */
const MAX_STEPS = 64;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function settledFrom(result: SendResult): Settled {
  switch (result.status) {
    case 'delivered':
      return { status: 'delivered', provider_message_id: result.provider_message_id };
    case 'task_created':
      return { status: 'task_created', task_id: result.task_id };
    case 'transient_failure':
      return { status: 'failed', failure: 'transient', error_code: result.error_code, provider_status: result.provider_status };
    case 'permanent_failure':
      return { status: 'failed', failure: 'permanent', error_code: result.error_code, provider_status: result.provider_status };
  }
}

/**
 * Delivers an approved, compliance-cleared draft: asks the planner for the next step, records the attempt
 * before calling the channel's adapter, settles it with the outcome and the events to publish (one
 * DeliveryAttempted per attempt; a NotificationRequested for the owner rep when nothing got through), then
 * publishes them. Running it again for the same event repeats nothing that was recorded as finished.
 *
 * Crash window: an attempt found `in_progress` belongs to a run that died between recording it and
 * settling it, so nobody knows whether the provider sent the message. It is settled as `unknown` and the
 * owner rep is notified instead of sending again on that or any other channel: a rep checking once is
 * better than the lead getting the same message twice.
 */
@Injectable()
export class DeliverApprovedDraftUseCase {
  private readonly policy: RetryPolicy;
  private readonly adapters: Map<Channel, ChannelAdapter>;

  constructor(
    private readonly attempts: DeliveryAttemptRepository,
    private readonly contacts: ContactRepository,
    private readonly publisher: EventPublisher,
    @Inject(CHANNEL_ADAPTERS) adapters: ChannelAdapter[],
    environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(DeliverApprovedDraftUseCase.name);
    this.adapters = new Map(adapters.map((adapter) => [adapter.channel, adapter]));
    this.policy = {
      maxTriesPerChannel: environment.DELIVERY_MAX_TRIES_PER_CHANNEL,
      baseDelayMs: environment.DELIVERY_RETRY_BASE_DELAY_MS,
      maxDelayMs: environment.DELIVERY_RETRY_MAX_DELAY_MS,
    };
  }

  async execute(event: DraftScreenedEvent, heartbeat: Heartbeat = async () => undefined): Promise<void> {
    const { stage, verdict, recommendation_id, lead_id, draft_message, channel_ranking } = event.payload;
    if (stage !== 'pre_delivery' || verdict !== 'clear') return;
    if (!draft_message) {
      // Dead-lettered by the consumer wrapper: a cleared pre-delivery screening must carry the text.
      throw new Error('clear pre-delivery screening without draft_message');
    }
    const contact = await this.contacts.findOne(event.tenant, lead_id);
    const reach: Reachability | null = contact ? { consent: contact.consent, contacts: contact.contacts } : null;
    const run = new DeliveryRun(event, contact, reach, draft_message);

    let recorded = await this.attempts.listFor(event.tenant, recommendation_id);
    for (const attempt of recorded) await this.publishOutbox(attempt);

    for (let steps = 0; steps < MAX_STEPS; steps += 1) {
      const step = this.plan(run, recorded);
      if (isTerminal(step)) {
        this.logger.info({ step: step.kind, reason: step.kind === 'give_up' ? step.reason : undefined }, 'delivery finished');
        return;
      }
      const progressed = await this.perform(run, step, recorded, heartbeat);
      // Someone else recorded this attempt number meanwhile (a concurrent redelivery): re-read and re-plan.
      recorded = progressed ?? (await this.attempts.listFor(event.tenant, recommendation_id));
    }
    throw new Error('delivery planning did not converge');
  }

  private plan(run: DeliveryRun, recorded: readonly DeliveryAttempt[]): DeliveryStep {
    return planNextStep({ ranking: run.event.payload.channel_ranking, reach: run.reach, attempts: recorded, policy: this.policy });
  }

  /** Runs one step; returns the attempts as they now stand, or undefined when the attempt was taken by someone else. */
  private async perform(
    run: DeliveryRun,
    step: Exclude<DeliveryStep, { kind: 'done' | 'give_up' }>,
    recorded: DeliveryAttempt[],
    heartbeat: Heartbeat,
  ): Promise<DeliveryAttempt[] | undefined> {
    if (step.kind === 'resolve_unknown') {
      const interrupted = recorded.find((attempt) => attempt.attempt === step.attempt)!;
      this.logger.warn(
        { attempt: step.attempt, channel: step.channel, error_code: 'OUTCOME_UNKNOWN' },
        'interrupted delivery attempt found',
      );
      return this.settle(run, interrupted, { status: 'unknown', error_code: 'OUTCOME_UNKNOWN' }, recorded);
    }

    const fresh: DeliveryAttempt = {
      tenant: run.event.tenant,
      recommendation_id: run.event.payload.recommendation_id,
      lead_id: run.event.payload.lead_id,
      attempt: step.attempt,
      idempotency_key: idempotencyKey(run.event.payload.recommendation_id, step.attempt),
      channel: step.channel,
      try: step.kind === 'send' ? step.try : 1,
      status: step.kind === 'skip' ? 'skipped' : 'in_progress',
      error_code: step.kind === 'skip' ? step.reason : undefined,
      final: false,
      request_id: run.event.request_id,
      started_at: new Date(),
      outbox: null,
    };

    if (step.kind === 'skip') {
      const { attempt, outbox } = this.conclude(run, fresh, recorded);
      if (!(await this.attempts.insertOnce({ ...attempt, finished_at: new Date(), outbox }))) return undefined;
      this.logAttempt(attempt);
      await this.publishOutbox({ ...attempt, outbox });
      return [...recorded, attempt];
    }

    if (step.delayMs > 0) {
      await heartbeat();
      await sleep(step.delayMs);
    }
    await heartbeat();
    if (!(await this.attempts.insertOnce(fresh))) return undefined;
    const result = await this.sendSafely(run, fresh);
    return this.settle(run, fresh, settledFrom(result), [...recorded, fresh]);
  }

  private async sendSafely(run: DeliveryRun, attempt: DeliveryAttempt): Promise<SendResult> {
    const adapter = this.adapters.get(attempt.channel);
    if (!adapter) return { status: 'permanent_failure', error_code: 'CHANNEL_NOT_CONFIGURED' };
    const to = attempt.channel === 'email' ? run.contact?.contacts.email : run.contact?.contacts.phone;
    try {
      return await adapter.send({
        tenant: run.event.tenant,
        recommendation_id: attempt.recommendation_id,
        lead_id: attempt.lead_id,
        owner_rep_id: run.contact?.owner_rep_id ?? '',
        idempotency_key: attempt.idempotency_key,
        request_id: run.event.request_id,
        to: to ?? '',
        first_name: run.contact?.first_name ?? '',
        body: run.draft,
      });
    } catch (error) {
      this.logger.error({ channel: attempt.channel, attempt: attempt.attempt, error_name: (error as Error).name }, 'channel adapter threw');
      return { status: 'transient_failure', error_code: 'CHANNEL_ERROR' };
    }
  }

  /** Records the outcome of an in-progress attempt with its events, then publishes them. */
  private async settle(
    run: DeliveryRun,
    attempt: DeliveryAttempt,
    outcome: Settled,
    recorded: DeliveryAttempt[],
  ): Promise<DeliveryAttempt[] | undefined> {
    const others = recorded.filter((other) => other.attempt !== attempt.attempt);
    const { attempt: settled, outbox } = this.conclude(run, { ...attempt, ...outcome }, others);
    const stored = await this.attempts.settle(attempt, {
      status: settled.status,
      failure: settled.failure,
      error_code: settled.error_code,
      provider_status: settled.provider_status,
      provider_message_id: settled.provider_message_id,
      task_id: settled.task_id,
      final: settled.final,
      outbox,
    });
    if (!stored) return undefined;
    this.logAttempt(settled);
    await this.publishOutbox({ ...settled, outbox });
    return [...others, settled].sort((a, b) => a.attempt - b.attempt);
  }

  /**
   * Whether a settled attempt is the last one (the planner has nothing left to do after it), and the
   * events that go with it: its DeliveryAttempted, and when delivery gives up, the rep's notification.
   */
  private conclude(
    run: DeliveryRun,
    attempt: DeliveryAttempt,
    others: readonly DeliveryAttempt[],
  ): { attempt: DeliveryAttempt; outbox: StoredEvent[] } {
    const all = [...others, attempt];
    const next = this.plan(run, all);
    const final = isTerminal(next);
    const context: EventContext = {
      request_id: run.event.request_id,
      tenant: run.event.tenant,
      actor: { kind: 'service', id: 'delivery' },
    };
    const { recommendation_id, lead_id } = run.event.payload;
    const attempted = createEvent(DeliveryAttemptedEvent, 'delivery', context, {
      recommendation_id,
      lead_id,
      attempt: attempt.attempt,
      channel: attempt.channel,
      outcome: contractOutcome(attempt.status),
      error_code: attempt.error_code,
      final,
      attempted_at: attempt.started_at.toISOString(),
    });
    const outbox: StoredEvent[] = [{ topic: Topics.DeliveryAttempted, key: lead_id, event: { ...attempted } }];
    if (next.kind === 'give_up') {
      const notice = createEvent(
        NotificationRequestedEvent,
        'delivery',
        context,
        deliveryFailedNotice({ recommendation_id, lead_id, owner_rep_id: run.contact?.owner_rep_id, reason: next.reason, attempts: all }),
      );
      outbox.push({ topic: Topics.NotificationRequested, key: lead_id, event: { ...notice } });
      this.logger.warn(
        { error_code: next.reason, attempts: all.length, recipient_role: notice.payload.recipient_role },
        'delivery failed on every channel; notifying',
      );
    }
    return { attempt: { ...attempt, final }, outbox };
  }

  private async publishOutbox(attempt: Pick<DeliveryAttempt, 'tenant' | 'idempotency_key' | 'outbox'>): Promise<void> {
    if (!attempt.outbox || attempt.outbox.length === 0) return;
    for (const stored of attempt.outbox) await this.publisher.publish(stored.topic as TopicName, stored.key, stored.event);
    await this.attempts.clearOutbox(attempt);
  }

  /** The standard log line of an attempt: ids and codes only, never the address or the text. */
  private logAttempt(attempt: DeliveryAttempt): void {
    const fields = {
      attempt: attempt.attempt,
      channel: attempt.channel,
      try: attempt.try,
      outcome: contractOutcome(attempt.status),
      status: attempt.status,
      error_code: attempt.error_code,
      provider_status: attempt.provider_status,
      final: attempt.final,
    };
    if (attempt.status === 'failed' || attempt.status === 'unknown') this.logger.warn(fields, 'delivery attempt failed');
    else this.logger.info(fields, 'delivery attempt recorded');
  }
}

/** What one run of the use case knows about the event and the lead. */
class DeliveryRun {
  constructor(
    readonly event: DraftScreenedEvent,
    readonly contact: ContactRecord | null,
    readonly reach: Reachability | null,
    readonly draft: string,
  ) {}
}
