import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Outbox, OutboxMarker, OutboxFields } from '@followup/messaging';
import { GroupInsert } from '@followup/persistence';
import type { ApprovedDelivery } from './approved-delivery.repository';
import { DeliveryAttemptRecord } from './delivery-attempt.schema';

export type DeliveryAttempt = Omit<DeliveryAttemptRecord, 'created_at' | 'updated_at'>;
export type AttemptOutcome = Pick<
  DeliveryAttemptRecord,
  'status' | 'failure' | 'error_code' | 'provider_status' | 'provider_message_id' | 'task_id' | 'final' | 'finished_at'
> &
  Partial<OutboxMarker>;

/** Which attempt: always looked up within its tenant. */
export type AttemptKey = Pick<DeliveryAttempt, 'tenant' | 'idempotency_key'>;

const PROJECTION = { _id: 0, __v: 0, created_at: 0, updated_at: 0 } as const;

/** The attempts that reached the lead, or may have: the frequency cap counts them. */
export const REACHING_STATUSES: DeliveryAttempt['status'][] = ['delivered', 'task_created', 'in_progress', 'unknown'];

/**
 * When an attempt reached the lead, for the frequency cap: a message or task when it was recorded done; a send under
 * way, or one whose outcome is unknown, from its start (it may have gone out from then on).
 */
export function reachedAt(attempt: Pick<DeliveryAttempt, 'status' | 'started_at' | 'finished_at'>): Date {
  const done = attempt.status === 'delivered' || attempt.status === 'task_created';
  return (done && attempt.finished_at) || attempt.started_at;
}

/** The record's own key: one row per attempt number. */
export function attemptKey(recommendationId: string, attempt: number): string {
  return `${recommendationId}:${attempt}`;
}

/** The approval kept with the first attempt (when it was recorded with it), as the delivery's runs use it. */
export function approvalKeptOn(attempts: readonly DeliveryAttempt[]): ApprovedDelivery | undefined {
  const first = attempts.find((attempt) => attempt.attempt === 1);
  if (!first?.approval) return undefined;
  const { tenant, recommendation_id, lead_id, request_id, approval } = first;
  return {
    tenant,
    recommendation_id,
    lead_id,
    request_id,
    draft_message: approval.draft_message,
    channel_ranking: approval.channel_ranking,
  };
}

/** What providers deduplicate on: one message per recommendation and channel, whatever the try. */
export function messageKey(recommendationId: string, channel: string): string {
  return `${recommendationId}:${channel}`;
}

@Injectable()
export class DeliveryAttemptRepository {
  private readonly inserts: GroupInsert<DeliveryAttemptRecord>;

  constructor(
    @InjectModel(DeliveryAttemptRecord.name) private readonly attempts: Model<DeliveryAttemptRecord>,
    private readonly outbox: Outbox,
  ) {
    this.inserts = new GroupInsert(attempts);
  }

  async listFor(tenant: string, recommendationId: string): Promise<DeliveryAttempt[]> {
    return this.attempts
      .find({ tenant, recommendation_id: recommendationId }, PROJECTION)
      .sort({ attempt: 1 })
      .lean<DeliveryAttempt[]>()
      .exec();
  }

  /** Records an attempt (in progress, or already settled for a skip). False if that attempt number is taken. */
  async insertOnce(attempt: DeliveryAttempt): Promise<boolean> {
    return (await this.inserts.insert(attempt)).inserted;
  }

  /** Settles an in-progress attempt of the tenant exactly once; false if it was settled already. */
  async settle({ tenant, idempotency_key }: AttemptKey, outcome: AttemptOutcome): Promise<boolean> {
    const update = await this.attempts
      .updateOne({ tenant, idempotency_key, status: 'in_progress' }, { $set: { finished_at: new Date(), ...outcome } })
      .exec();
    return update.modifiedCount === 1;
  }

  /** The attempt that sent a provider's message (status callbacks name only the message). */
  async findByProviderMessage(channel: DeliveryAttempt['channel'], providerMessageId: string): Promise<DeliveryAttempt | null> {
    return this.attempts.findOne({ channel, provider_message_id: providerMessageId }, PROJECTION).lean<DeliveryAttempt>().exec();
  }

  /** Whether a send on `channel` started after `since` is still in progress, for any tenant. */
  async sendingSince(channel: DeliveryAttempt['channel'], since: Date): Promise<boolean> {
    const sending = await this.attempts
      .findOne({ status: 'in_progress', started_at: { $gt: since }, channel }, { _id: 1 })
      .lean()
      .exec();
    return sending !== null;
  }

  async recordProviderStatus({ tenant, idempotency_key }: AttemptKey, status: string): Promise<void> {
    await this.attempts.updateOne({ tenant, idempotency_key }, { $set: { provider_delivery_status: status } }).exec();
  }

  /** Turns an attempt recorded delivered into a failure the provider reported later, exactly once. */
  async failDelivered({ tenant, idempotency_key }: AttemptKey, outcome: Omit<AttemptOutcome, 'finished_at'>): Promise<boolean> {
    const update = await this.attempts.updateOne({ tenant, idempotency_key, status: 'delivered' }, { $set: outcome }).exec();
    return update.modifiedCount === 1;
  }

  /**
   * When the lead last got, or may have got, a message (or a call task) from another recommendation: the frequency
   * cap counts from it (reachedAt), so a send that is due while another recommendation's is in flight (its scheduled
   * job, another instance) waits for the cap. The attempt read is the latest to start, which may have finished a few
   * seconds before an earlier, slower one: nothing next to a cap of hours.
   */
  async lastReachedAt(tenant: string, leadId: string, exceptRecommendation: string): Promise<Date | undefined> {
    const last = await this.attempts
      .findOne(
        { tenant, lead_id: leadId, status: { $in: REACHING_STATUSES }, recommendation_id: { $ne: exceptRecommendation } },
        { _id: 0, status: 1, started_at: 1, finished_at: 1 },
      )
      .sort({ started_at: -1 })
      .lean<Pick<DeliveryAttempt, 'status' | 'started_at' | 'finished_at'>>()
      .exec();
    return last ? reachedAt(last) : undefined;
  }

  /** Publishes the attempt's pending events and clears its marker; nothing when they were published already. */
  async deliverOutbox({ tenant, idempotency_key, outbox, outbox_pending }: AttemptKey & OutboxFields): Promise<void> {
    if (!outbox_pending || !outbox) return;
    await this.outbox.deliver(this.attempts, { tenant, idempotency_key }, outbox);
  }
}
