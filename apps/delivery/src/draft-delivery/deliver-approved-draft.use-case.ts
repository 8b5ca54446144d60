import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Clock, Environment } from '@followup/config';
import {
  Channel,
  DeliveryAttemptedEvent,
  DraftScreenedEvent,
  ERASED_TEXT,
  ERASED_VERSION,
  EventContext,
  NotificationRequestedEvent,
  Topics,
} from '@followup/contracts';
import { createEvent, EventPublisher, OutboxMessage, outboxMarker } from '@followup/messaging';
import { ScheduledJobStore } from '@followup/persistence';
import { CHANNEL_ADAPTERS, ChannelAdapter, SendResult } from '../channels/channel-adapter';
import { OUTCOME_UNKNOWN_CODES } from '../channels/provider-errors';
import { ContactRecord } from '../contact-directory/contact.schema';
import { ContactView } from '../contact-directory/contact-view';
import { capEndAfter, leadZone, SendingPolicy, sendTime } from '../sending-policy/sending-policy';
import { SendingPolicyCache } from '../sending-policy/sending-policy-cache';
import { ApprovedDelivery, ApprovedDeliveryRepository } from './approved-delivery.repository';
import {
  approvalKeptOn,
  attemptKey,
  AttemptOutcome,
  DeliveryAttempt,
  DeliveryAttemptRepository,
  messageKey,
} from './delivery-attempt.repository';
import { LeadReachRepository } from './lead-reach.repository';
import { channelFallbackNotice, contractOutcome, deliveryFailedNotice } from './delivery-notice';
import { DeliveryStep, isTerminal, planNextStep, Reachability, RetryPolicy } from './delivery-plan';

type Settled = Pick<DeliveryAttempt, 'status' | 'failure' | 'error_code' | 'provider_status' | 'provider_message_id' | 'task_id'>;
type SendStep = Extract<DeliveryStep, { kind: 'send' }>;

/** More steps than any ranking and try limit can need; only a bug could reach it. */
const MAX_STEPS = 64;

/** The job that takes a delivery up again when its next send is due. */
export const ADVANCE_DELIVERY_JOB = 'delivery.advance';
/** The job that looks at a delivery again after a provider's report moved it on (checkBack). */
export const CHECK_BACK_DELIVERY_JOB = 'delivery.check-back';
export interface AdvanceDeliveryPayload {
  tenant: string;
  recommendation_id: string;
  /** On an advance job: the lead, and `held` when the send waits for the frequency cap (wakeHeld). */
  lead_id?: string;
  held?: boolean;
}

/** A delivered attempt the provider later reported lost (SMS status callback, email bounce). */
export interface DeliveredAttemptFailure {
  tenant: string;
  recommendation_id: string;
  attempt: number;
  error_code: string;
}

/** An attempt the provider accepted (it has the provider's message id) that a report of `errorCode` then failed. */
function failedByReport(attempt: DeliveryAttempt, errorCode: string): boolean {
  return attempt.status === 'failed' && Boolean(attempt.provider_message_id) && attempt.error_code === errorCode;
}

/** An attempt in progress for longer than any send takes belongs to a run that died (no send outlasts its timeouts). */
export const ABANDONED_AFTER_MS = 5 * 60_000;

/**
 * Whether another run is sending the delivery's last attempt right now (in progress, and not for longer than a send
 * takes): a second run must leave it alone, since it would settle that send as unknown.
 */
function sendUnderWay(recorded: readonly DeliveryAttempt[], now: Date): boolean {
  const last = recorded.at(-1);
  return last?.status === 'in_progress' && now.getTime() - last.started_at.getTime() < ABANDONED_AFTER_MS;
}

function settledFrom(result: SendResult): Settled {
  switch (result.status) {
    case 'delivered':
      return { status: 'delivered', provider_message_id: result.provider_message_id };
    case 'task_created':
      return { status: 'task_created', task_id: result.task_id };
    case 'transient_failure':
      if (OUTCOME_UNKNOWN_CODES.has(result.error_code))
        return { status: 'unknown', error_code: result.error_code, provider_status: result.provider_status };
      return { status: 'failed', failure: 'transient', error_code: result.error_code, provider_status: result.provider_status };
    case 'permanent_failure':
      return { status: 'failed', failure: 'permanent', error_code: result.error_code, provider_status: result.provider_status };
  }
}

/**
 * Delivers an approved, compliance-cleared draft: asks the planner for the next step, records the attempt
 * before calling the channel's adapter, publishes the outcome's events (one DeliveryAttempted per attempt; a
 * NotificationRequested for the owner rep when nothing got through), then settles the attempt with the outcome.
 * Running it again for the same recommendation repeats nothing that was recorded as finished.
 *
 * Nothing waits inside a Kafka handler: the screening's handler records the approval with its first attempt and
 * advances the delivery as far as it may go now. A send that must wait (a retry's backoff, the lead's send
 * window, the frequency cap) becomes a scheduled job due at that moment (libs/persistence JobScheduler), which
 * advances it again; a wait for the window or the cap is announced as a `scheduled` DeliveryAttempted with the time.
 *
 * Crash window: an attempt found `in_progress` belongs to a run that died between recording it and
 * settling it, so nobody knows whether the provider sent the message (nor whether its outcome's events went out).
 * It is settled as `unknown` and the owner rep is notified instead of sending again on that or any other channel:
 * a rep checking once is better than the lead getting the same message twice. A provider timeout, or a connection
 * lost after it was made, is treated the same way (OUTCOME_UNKNOWN_CODES).
 */
@Injectable()
export class DeliverApprovedDraftUseCase {
  private readonly policy: RetryPolicy;
  private readonly adapters: Map<Channel, ChannelAdapter>;

  constructor(
    private readonly attempts: DeliveryAttemptRepository,
    private readonly deliveries: ApprovedDeliveryRepository,
    private readonly reaches: LeadReachRepository,
    private readonly contacts: ContactView,
    private readonly sendingPolicies: SendingPolicyCache,
    private readonly jobs: ScheduledJobStore,
    private readonly publisher: EventPublisher,
    @Inject(CHANNEL_ADAPTERS) adapters: ChannelAdapter[],
    environment: Environment,
    private readonly clock: Clock,
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

  /** The screening's handler: delivers a clear pre-delivery approval as far as it may go now. */
  async execute(event: DraftScreenedEvent): Promise<void> {
    const { stage, verdict, recommendation_id, lead_id, draft_message, channel_ranking } = event.payload;
    if (stage !== 'pre_delivery' || verdict !== 'clear') return;
    if (!draft_message) {
      // Dead-lettered by the consumer wrapper: a cleared pre-delivery screening must carry the text.
      throw new Error('clear pre-delivery screening without draft_message');
    }
    const approval: ApprovedDelivery = {
      tenant: event.tenant,
      recommendation_id,
      lead_id,
      request_id: event.request_id,
      draft_message,
      channel_ranking: channel_ranking ?? [],
    };
    await this.advance({ tenant: event.tenant, recommendation_id }, approval);
  }

  /**
   * Takes the delivery as far as it may go now; what must wait is scheduled. Run by the handler, with the approval
   * its event carries, and by the due job.
   *
   * The approval is kept with the first attempt, in the same write; only when the first send must wait is it kept
   * on its own (approved_deliveries) for the job. The handler reads no attempts first: it plans as if there were
   * none, and the unique key of the attempt it records tells a redelivery, which then reads them.
   */
  async advance({ tenant, recommendation_id }: AdvanceDeliveryPayload, approved?: ApprovedDelivery): Promise<void> {
    // the attempts as stored, with the events still pending on them published (one batch to the broker)
    const reread = async () => {
      const stored = await this.attempts.listFor(tenant, recommendation_id);
      await Promise.all(stored.map((attempt) => this.attempts.deliverOutbox(attempt)));
      return stored;
    };
    // undefined: not read (the handler's first plan); a wait is only decided on the attempts as stored
    let recorded = approved ? undefined : await reread();
    const delivery = approved ?? approvalKeptOn(recorded ?? []) ?? (await this.deliveries.findOne(tenant, recommendation_id));
    if (!delivery) return;
    const run = await this.runFor(delivery);
    if (recorded) await this.releaseLastFailure(run, recorded);
    // the attempts as stored again, after someone else recorded one (a redelivery, a concurrent run)
    const rereadHere = async () => {
      const stored = await reread();
      await this.releaseLastFailure(run, stored);
      return stored;
    };

    for (let steps = 0; steps < MAX_STEPS; steps += 1) {
      const step = this.plan(run, recorded ?? []);
      if (isTerminal(step)) {
        this.logger.info({ step: step.kind, reason: step.kind === 'give_up' ? step.reason : undefined }, 'delivery finished');
        return;
      }
      let claimed: number | undefined;
      if (step.kind === 'send') {
        const timing = await this.timingOf(run, step, recorded ?? []);
        if (timing.at === undefined) {
          recorded =
            (await this.perform(
              run,
              { kind: 'skip', attempt: step.attempt, channel: step.channel, reason: 'NO_SEND_WINDOW' },
              recorded ?? [],
            )) ?? (await rereadHere());
          continue;
        }
        // the cap's check above and this send's record are two commands: a claim of the lead decides between two sends at once
        const claim = timing.at > this.clock.now() ? undefined : await this.claimLead(run, step);
        const wait = !claim
          ? { at: timing.at, reason: timing.reason, capped: timing.capped }
          : 'heldSince' in claim
            ? await this.heldTiming(run, step, recorded ?? [], claim.heldSince)
            : undefined;
        if (wait && wait.at <= this.clock.now()) continue; // the holding claim's cap ran out meanwhile: plan and claim again
        if (wait) {
          if (!recorded) {
            recorded = await rereadHere();
            continue;
          }
          if (approved && recorded.length === 0) await this.deliveries.recordOnce(run.delivery);
          // held by another send (its claim, or its attempt counted by the cap): woken should that send fail
          await this.defer(run, step, wait.at, wait.reason, Boolean(wait.capped));
          // that send may have failed, and woken the lead's held sends, between the read above and the job's insert
          if (wait.capped && (await this.heldNoLonger(run, step))) continue;
          return;
        }
        claimed = claim && 'seq' in claim ? claim.seq : undefined;
      }
      // undefined: someone else recorded this attempt number (a redelivery, a concurrent run): re-read and re-plan
      recorded = (await this.perform(run, step, recorded ?? [], claimed)) ?? (await rereadHere());
    }
    throw new Error('delivery planning did not converge');
  }

  /**
   * The provider reports that a message it accepted (the attempt was recorded delivered) never arrived: the
   * attempt becomes a permanent failure with its DeliveryAttempted (and the rep's fallback notice), and the
   * delivery moves on to the next channel. False when the attempt is neither a delivered one nor one this report
   * failed already.
   *
   * The failure is recorded before the delivery moves on, so a report whose first run stopped in between (its
   * events refused by the broker, the next send's write failing, a crash) fails and is retried by the provider:
   * the retry finds the attempt failed with the report's code and moves the delivery on from there, which repeats
   * nothing already recorded; unless the first run's next send is under way, which it leaves to that run.
   */
  async failAfterDelivery({ tenant, recommendation_id, attempt, error_code }: DeliveredAttemptFailure): Promise<boolean> {
    const recorded = await this.attempts.listFor(tenant, recommendation_id);
    const reported = recorded.find((candidate) => candidate.attempt === attempt);
    if (reported && failedByReport(reported, error_code)) {
      await this.scheduleCheckBack(tenant, recommendation_id, `after-report:${attempt}`);
      await this.releaseAttempt(tenant, reported.lead_id, reported.idempotency_key);
      if (!sendUnderWay(recorded, this.clock.now())) await this.advance({ tenant, recommendation_id });
      return true;
    }
    const delivered = reported?.status === 'delivered' ? reported : undefined;
    if (!delivered) return false;
    const delivery = approvalKeptOn(recorded) ?? (await this.deliveries.findOne(tenant, recommendation_id));
    if (!delivery) return false;
    const run = await this.runFor(delivery);
    const others = recorded.filter((other) => other.attempt !== attempt);
    const { attempt: failed, messages } = this.conclude(run, { ...delivered, status: 'failed', failure: 'permanent', error_code }, others);
    const marker = outboxMarker(messages, this.clock.now());
    // before the failure is recorded: a run that dies after it leaves the job to finish what it started
    await this.scheduleCheckBack(tenant, recommendation_id, `after-report:${attempt}`);
    const stored = await this.attempts.failDelivered(delivered, {
      status: failed.status,
      failure: failed.failure,
      error_code: failed.error_code,
      provider_status: failed.provider_status,
      provider_message_id: failed.provider_message_id,
      task_id: failed.task_id,
      final: failed.final,
      ...marker,
    });
    if (!stored) return false;
    this.logAttempt(failed);
    await this.releaseAttempt(tenant, delivered.lead_id, delivered.idempotency_key);
    await this.attempts.deliverOutbox({ ...failed, ...marker });
    await this.advance({ tenant, recommendation_id });
    return true;
  }

  /**
   * The check-back job a provider's report leaves (scheduleCheckBack): a report moves the delivery on inside its HTTP
   * request, where nothing redelivers it if the process dies. Once any send it started would have ended, the delivery
   * is advanced, which changes nothing when the run finished and settles as unknown a send a dead run left in
   * progress; a send still under way then (one started later: a retry, a send that waited for its window) is left
   * alone, and looked at again when it would have ended.
   */
  async checkBack({ tenant, recommendation_id }: AdvanceDeliveryPayload): Promise<void> {
    const recorded = await this.attempts.listFor(tenant, recommendation_id);
    const last = recorded.at(-1);
    if (last && sendUnderWay(recorded, this.clock.now())) {
      const due = new Date(last.started_at.getTime() + ABANDONED_AFTER_MS);
      await this.scheduleCheckBack(tenant, recommendation_id, `send:${last.attempt}`, due);
      return;
    }
    await this.advance({ tenant, recommendation_id });
  }

  private async scheduleCheckBack(tenant: string, recommendation_id: string, reason: string, due?: Date): Promise<void> {
    const payload: AdvanceDeliveryPayload = { tenant, recommendation_id };
    await this.jobs.schedule({
      key: `${CHECK_BACK_DELIVERY_JOB}:${recommendation_id}:${reason}`,
      kind: CHECK_BACK_DELIVERY_JOB,
      tenant,
      due_at: due ?? new Date(this.clock.now().getTime() + ABANDONED_AFTER_MS),
      payload: { ...payload },
    });
  }

  private async runFor(delivery: ApprovedDelivery): Promise<DeliveryRun> {
    const [contact, sendingPolicy] = await Promise.all([
      this.contacts.findOne(delivery.tenant, delivery.lead_id),
      this.sendingPolicies.forTenant(delivery.tenant),
    ]);
    const reach: Reachability | null = contact ? { consent: contact.consent, contacts: contact.contacts } : null;
    // the approval of a lead erased meanwhile (on its way at the erasure) is recorded without its text
    const kept = contact?.version === ERASED_VERSION ? { ...delivery, draft_message: ERASED_TEXT } : delivery;
    return new DeliveryRun(kept, contact, reach, sendingPolicy);
  }

  private plan(run: DeliveryRun, recorded: readonly DeliveryAttempt[]): DeliveryStep {
    return planNextStep({ ranking: run.delivery.channel_ranking, reach: run.reach, attempts: recorded, policy: this.policy });
  }

  /**
   * When the planned send may go out: after its backoff, outside the frequency cap, inside the lead's window. `heldSince`:
   * another send's claim of the lead, which the cap counts from too.
   */
  private async timingOf(run: DeliveryRun, step: SendStep, recorded: readonly DeliveryAttempt[], heldSince?: Date) {
    const lastFailure = recorded.filter((attempt) => attempt.channel === step.channel && attempt.status === 'failed').at(-1);
    const retryAfter =
      lastFailure && step.delayMs > 0 ? new Date((lastFailure.finished_at ?? lastFailure.started_at).getTime() + step.delayMs) : undefined;
    const lastReached =
      run.sendingPolicy.frequency_cap_hours > 0
        ? await this.attempts.lastReachedAt(run.delivery.tenant, run.delivery.lead_id, run.delivery.recommendation_id)
        : undefined; // no cap: when the lead last got a message does not matter
    const lastMessageAt =
      lastReached && heldSince ? new Date(Math.max(lastReached.getTime(), heldSince.getTime())) : (lastReached ?? heldSince);
    return sendTime({
      now: this.clock.now(),
      channel: step.channel,
      retryAfter,
      lastMessageAt,
      zone: leadZone({ time_zone: run.contact?.time_zone ?? undefined, country: run.contact?.country ?? undefined }, run.sendingPolicy),
      policy: run.sendingPolicy,
    });
  }

  /**
   * When a send held by another send's claim may go: the cap counts from that claim too, and the send still keeps to
   * the lead's window; at the claim's end when no window opens in the days looked at.
   */
  private async heldTiming(run: DeliveryRun, step: SendStep, recorded: readonly DeliveryAttempt[], heldSince: Date) {
    const timing = await this.timingOf(run, step, recorded, heldSince);
    return { at: timing.at ?? capEndAfter(heldSince, run.sendingPolicy), reason: timing.reason ?? 'frequency_cap', capped: true as const };
  }

  /**
   * Claims the lead for this send under the tenant's frequency cap (nothing to claim without a cap): the number of the
   * claim taken now (none when it was this attempt's already), or since when another send's claim holds it.
   */
  private async claimLead(run: DeliveryRun, step: SendStep): Promise<{ seq?: number } | { heldSince: Date }> {
    const { frequency_cap_hours } = run.sendingPolicy;
    if (frequency_cap_hours <= 0) return {};
    const { tenant, lead_id, recommendation_id } = run.delivery;
    const attempt_key = attemptKey(recommendation_id, step.attempt);
    const claim = await this.reaches.claim({ tenant, lead_id, attempt_key, now: this.clock.now(), frequency_cap_hours });
    if ('heldSince' in claim) return claim;
    return claim.taken ? { seq: claim.seq } : {};
  }

  /**
   * This run took a claim of the lead and then found the attempt recorded by another run of it. While that attempt is
   * in progress the other run sends under this claim (it found it as its own), so it stays, released by attempt if that
   * send fails; once the attempt is settled nothing will send under it (a redelivery of a finished delivery).
   */
  private async leaveClaim(attempt: DeliveryAttempt, claimed: number): Promise<void> {
    const recorded = (await this.attempts.listFor(attempt.tenant, attempt.recommendation_id)).find(
      (other) => other.attempt === attempt.attempt,
    );
    if (recorded?.status !== 'in_progress') {
      await this.reaches.releaseClaim(attempt.tenant, attempt.lead_id, claimed);
      await this.wakeHeld(attempt.tenant, attempt.lead_id, `claim:${claimed}`);
    }
  }

  /** A send that did not reach the lead: its claim holds no other send, and the sends waiting for the cap are woken. */
  private async releaseAttempt(tenant: string, leadId: string, attemptKey: string): Promise<void> {
    await this.reaches.releaseAttempt(tenant, leadId, attemptKey);
    await this.wakeHeld(tenant, leadId, attemptKey);
  }

  /**
   * The lead's sends waiting for the frequency cap are planned again now (a job each, due at once, beside the one at
   * the cap's end): the send that held them has just turned out not to reach the lead, so one of them may go now.
   */
  private async wakeHeld(tenant: string, leadId: string, releasedBy: string): Promise<void> {
    const now = this.clock.now();
    const held = await this.jobs.pendingWith(ADVANCE_DELIVERY_JOB, tenant, { lead_id: leadId, held: true });
    await Promise.all(
      held
        // not one this release woke already, rescheduled since because its run failed
        .filter((job) => job.due_at > now && !job.key.endsWith(`:woken:${releasedBy}`))
        // one per job and release: a job woken by one failed send can be held again by another, and woken again
        .map((job) =>
          this.jobs.schedule({
            key: `${job.key}:woken:${releasedBy}`,
            kind: ADVANCE_DELIVERY_JOB,
            tenant,
            due_at: now,
            payload: job.payload,
          }),
        ),
    );
  }

  /**
   * A run that stopped between recording a failed send and releasing its claim of the lead and waking the sends it held
   * (a crash, a write or read failing) left those sends waiting out the cap: the delivery's next run from stored attempts
   * (its job's again, a check-back's, a redelivered screening's) releases and wakes them, when its last attempt is a
   * failure within the cap.
   */
  private async releaseLastFailure(run: DeliveryRun, recorded: readonly DeliveryAttempt[]): Promise<void> {
    const failed = recorded.at(-1);
    if (failed?.status !== 'failed' || run.sendingPolicy.frequency_cap_hours <= 0) return;
    if (capEndAfter(failed.finished_at ?? failed.started_at, run.sendingPolicy) <= this.clock.now()) return;
    await this.releaseAttempt(run.delivery.tenant, failed.lead_id, failed.idempotency_key);
  }

  /**
   * Whether a send just deferred for the cap may go now after all: the send that held it turned out not to reach the
   * lead while the wait was decided (its claim released, its attempt failed), before the deferral's job existed for
   * its wake to find. One read of the lead's latest claim and one of its last reach.
   */
  private async heldNoLonger(run: DeliveryRun, step: SendStep): Promise<boolean> {
    const { tenant, lead_id } = run.delivery;
    const heldSince = await this.reaches.heldSince(tenant, lead_id, this.clock.now(), run.sendingPolicy.frequency_cap_hours);
    if (heldSince) return false;
    const timing = await this.timingOf(run, step, await this.attempts.listFor(tenant, run.delivery.recommendation_id));
    return !timing.capped;
  }

  /** Schedules the delivery to be advanced at `at`; a wait for the window or the cap is announced. */
  private async defer(run: DeliveryRun, step: SendStep, at: Date, reason: string | undefined, held: boolean): Promise<void> {
    const { tenant, recommendation_id, lead_id, request_id } = run.delivery;
    const key = `${ADVANCE_DELIVERY_JOB}:${recommendation_id}:${step.attempt}:${at.getTime()}`;
    const payload: AdvanceDeliveryPayload = { tenant, recommendation_id, lead_id, ...(held ? { held } : {}) };
    await this.jobs.schedule({ key, kind: ADVANCE_DELIVERY_JOB, tenant, due_at: at, payload: { ...payload } });
    this.logger.info({ attempt: step.attempt, channel: step.channel, reason, scheduled_for: at.toISOString() }, 'delivery scheduled');
    if (reason === 'retry_backoff') return;
    const context: EventContext = { request_id, tenant, actor: { kind: 'service', id: 'delivery' } };
    const scheduled = createEvent(
      DeliveryAttemptedEvent,
      'delivery',
      context,
      {
        recommendation_id,
        lead_id,
        attempt: step.attempt,
        channel: step.channel,
        outcome: 'scheduled',
        error_code: reason === 'frequency_cap' ? 'FREQUENCY_CAP' : 'OUTSIDE_SEND_WINDOW',
        final: false,
        attempted_at: this.clock.now().toISOString(),
        scheduled_for: at.toISOString(),
      },
      key,
    );
    await this.publisher.publish(Topics.DeliveryAttempted, lead_id, scheduled);
  }

  /** Runs one step; returns the attempts as they now stand, or undefined when the attempt was taken by someone else. */
  private async perform(
    run: DeliveryRun,
    step: Exclude<DeliveryStep, { kind: 'done' | 'give_up' }>,
    recorded: DeliveryAttempt[],
    claimed?: number,
  ): Promise<DeliveryAttempt[] | undefined> {
    if (step.kind === 'resolve_unknown') {
      const interrupted = recorded.find((attempt) => attempt.attempt === step.attempt)!;
      this.logger.warn(
        { attempt: step.attempt, channel: step.channel, error_code: 'OUTCOME_UNKNOWN' },
        'interrupted delivery attempt found',
      );
      return this.settle(run, interrupted, { status: 'unknown', error_code: 'OUTCOME_UNKNOWN' }, recorded);
    }

    const now = this.clock.now();
    const fresh: DeliveryAttempt = {
      tenant: run.delivery.tenant,
      recommendation_id: run.delivery.recommendation_id,
      lead_id: run.delivery.lead_id,
      attempt: step.attempt,
      idempotency_key: attemptKey(run.delivery.recommendation_id, step.attempt),
      channel: step.channel,
      try: step.kind === 'send' ? step.try : 1,
      status: step.kind === 'skip' ? 'skipped' : 'in_progress',
      error_code: step.kind === 'skip' ? step.reason : undefined,
      final: false,
      request_id: run.delivery.request_id,
      started_at: now,
      ...(step.attempt === 1
        ? { approval: { draft_message: run.delivery.draft_message, channel_ranking: run.delivery.channel_ranking } }
        : {}),
    };

    if (step.kind === 'skip') {
      const { attempt, messages } = this.conclude(run, fresh, recorded);
      const stored = { ...attempt, finished_at: now, ...outboxMarker(messages, now) };
      if (!(await this.attempts.insertOnce(stored))) return undefined;
      this.logAttempt(attempt);
      await this.attempts.deliverOutbox(stored);
      return [...recorded, attempt];
    }

    if (!(await this.attempts.insertOnce(fresh))) {
      if (claimed !== undefined) await this.leaveClaim(fresh, claimed);
      return undefined;
    }
    const result = await this.sendSafely(run, fresh);
    return this.settle(run, fresh, settledFrom(result), [...recorded, fresh]);
  }

  private async sendSafely(run: DeliveryRun, attempt: DeliveryAttempt): Promise<SendResult> {
    const adapter = this.adapters.get(attempt.channel);
    if (!adapter) return { status: 'permanent_failure', error_code: 'CHANNEL_NOT_CONFIGURED' };
    // asked again at each send: the lead may have been erased since the run read its contact (a slow send before a fallback)
    const contact = await this.contacts.findOne(run.delivery.tenant, run.delivery.lead_id);
    if (contact?.version === ERASED_VERSION) return { status: 'permanent_failure', error_code: 'LEAD_ERASED' };
    const to = attempt.channel === 'email' ? run.contact?.contacts.email : run.contact?.contacts.phone;
    try {
      return await adapter.send({
        tenant: run.delivery.tenant,
        recommendation_id: attempt.recommendation_id,
        lead_id: attempt.lead_id,
        owner_rep_id: run.contact?.owner_rep_id ?? '',
        idempotency_key: messageKey(attempt.recommendation_id, attempt.channel),
        request_id: run.delivery.request_id,
        to: to ?? '',
        first_name: run.contact?.first_name ?? '',
        body: run.delivery.draft_message,
      });
    } catch (error) {
      this.logger.error({ channel: attempt.channel, attempt: attempt.attempt, error_name: (error as Error).name }, 'channel adapter threw');
      return { status: 'transient_failure', error_code: 'CHANNEL_ERROR' };
    }
  }

  /**
   * Publishes the outcome's events, then records the outcome of the in-progress attempt: a settled attempt's
   * events are out, so the write needs no outbox marker and no second write to clear one. The attempt row
   * stays `in_progress` until then, which is what a crash in between leaves behind (settled as `unknown` by the
   * next run, as a crash during the send is). When the broker refuses the events, the outcome is recorded with
   * them as its outbox marker and the error rethrown: the redelivered event or the relay publishes them.
   */
  private async settle(
    run: DeliveryRun,
    attempt: DeliveryAttempt,
    outcome: Settled,
    recorded: DeliveryAttempt[],
  ): Promise<DeliveryAttempt[] | undefined> {
    // a send that failed reached nobody: its claim holds no other send (one in progress is counted by the cap's read)
    if (outcome.status === 'failed') await this.reaches.releaseAttempt(attempt.tenant, attempt.lead_id, attempt.idempotency_key);
    const others = recorded.filter((other) => other.attempt !== attempt.attempt);
    const { attempt: settled, messages } = this.conclude(run, { ...attempt, ...outcome }, others);
    const now = this.clock.now();
    const fields: AttemptOutcome = {
      status: settled.status,
      failure: settled.failure,
      error_code: settled.error_code,
      provider_status: settled.provider_status,
      provider_message_id: settled.provider_message_id,
      task_id: settled.task_id,
      final: settled.final,
      finished_at: now,
    };
    try {
      await this.publisher.publishAll(messages);
    } catch (error) {
      await this.attempts.settle(attempt, { ...fields, ...outboxMarker(messages, now) });
      // recorded failed (its events left to the outbox): the sends it held may go
      if (outcome.status === 'failed') await this.wakeHeld(attempt.tenant, attempt.lead_id, attempt.idempotency_key);
      throw error;
    }
    if (!(await this.attempts.settle(attempt, fields))) return undefined;
    // and again once it is recorded failed: a redelivered run of this attempt that found the claim released before the
    // write may have taken one of its own, and kept it on seeing the attempt still in progress (leaveClaim)
    if (outcome.status === 'failed') await this.releaseAttempt(attempt.tenant, attempt.lead_id, attempt.idempotency_key);
    this.logAttempt(settled);
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
  ): { attempt: DeliveryAttempt; messages: OutboxMessage[] } {
    const all = [...others, attempt];
    const next = this.plan(run, all);
    const final = isTerminal(next);
    const context: EventContext = {
      request_id: run.delivery.request_id,
      tenant: run.delivery.tenant,
      actor: { kind: 'service', id: 'delivery' },
    };
    const { recommendation_id, lead_id } = run.delivery;
    const attempted = createEvent(
      DeliveryAttemptedEvent,
      'delivery',
      context,
      {
        recommendation_id,
        lead_id,
        attempt: attempt.attempt,
        channel: attempt.channel,
        outcome: contractOutcome(attempt.status),
        error_code: attempt.error_code,
        final,
        attempted_at: attempt.started_at.toISOString(),
      },
      `${recommendation_id}:${attempt.attempt}:${attempt.status}`,
    );
    const messages: OutboxMessage[] = [{ topic: Topics.DeliveryAttempted, key: lead_id, event: { ...attempted } }];
    const fallback = attempt.status === 'failed' ? this.fallbackAfter(run, attempt, all) : undefined;
    if (fallback) {
      const notice = createEvent(
        NotificationRequestedEvent,
        'delivery',
        context,
        channelFallbackNotice({ recommendation_id, lead_id, owner_rep_id: run.contact?.owner_rep_id, failed: attempt, next: fallback }),
        `${recommendation_id}:${attempt.attempt}:fallback`,
      );
      messages.push({ topic: Topics.NotificationRequested, key: lead_id, event: { ...notice } });
    }
    if (next.kind === 'give_up') {
      const notice = createEvent(
        NotificationRequestedEvent,
        'delivery',
        context,
        deliveryFailedNotice({ recommendation_id, lead_id, owner_rep_id: run.contact?.owner_rep_id, reason: next.reason, attempts: all }),
        `${recommendation_id}:failed`,
      );
      messages.push({ topic: Topics.NotificationRequested, key: lead_id, event: { ...notice } });
      this.logger.warn(
        { error_code: next.reason, attempts: all.length, recipient_role: notice.payload.recipient_role },
        'delivery failed on every channel; notifying',
      );
    }
    return { attempt: { ...attempt, final }, messages };
  }

  /**
   * The channel delivery falls back to when this failed attempt ended its channel (a permanent failure or the
   * last try) and another channel will be tried; undefined when the channel will be tried again or none is left.
   */
  private fallbackAfter(run: DeliveryRun, failed: DeliveryAttempt, all: readonly DeliveryAttempt[]): Channel | undefined {
    let attempts = [...all];
    for (let steps = 0; steps < MAX_STEPS; steps += 1) {
      const step = this.plan(run, attempts);
      if (step.kind === 'send') return step.channel === failed.channel ? undefined : step.channel;
      if (step.kind !== 'skip') return undefined;
      attempts = [...attempts, { ...failed, attempt: step.attempt, channel: step.channel, status: 'skipped', error_code: step.reason }];
    }
    return undefined;
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

/** What one run of the use case knows about the approval, the lead and the tenant's sending rules. */
class DeliveryRun {
  constructor(
    readonly delivery: ApprovedDelivery,
    readonly contact: ContactRecord | null,
    readonly reach: Reachability | null,
    readonly sendingPolicy: SendingPolicy,
  ) {}
}
