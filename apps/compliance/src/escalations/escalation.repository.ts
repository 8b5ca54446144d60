import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { Outbox, OutboxMessage, outboxMarker } from '@followup/messaging';
import { GroupInsert, KeysetOrder } from '@followup/persistence';
import { EscalationRecord, EscalationStatus, Resolution } from './escalation.schema';

export type Escalation = EscalationRecord;
export type EscalationSummary = Omit<EscalationRecord, 'draft_message' | 'channel_ranking' | 'outbox' | 'request_id'>;
type NewEscalation = Omit<EscalationRecord, 'outbox' | 'outbox_pending' | 'outbox_at'>;

const RESOLVED: Record<Resolution, EscalationStatus> = { release: 'released', discard: 'discarded' };

@Injectable()
export class EscalationRepository {
  private readonly inserts: GroupInsert<EscalationRecord>;

  constructor(
    @InjectModel(EscalationRecord.name) private readonly escalations: Model<EscalationRecord>,
    private readonly outbox: Outbox,
  ) {
    this.inserts = new GroupInsert(escalations);
  }

  /** Opens the case once per recommendation and stage; a redelivered screening finds it open already. */
  async openOnce(escalation: NewEscalation): Promise<void> {
    await this.inserts.insert(escalation);
  }

  async findOne(tenant: string, escalationId: string): Promise<Escalation | null> {
    return this.escalations.findOne({ tenant, escalation_id: escalationId }, { _id: 0, __v: 0 }).lean<Escalation>().exec();
  }

  /** Resolves an open case, with the events the resolution must publish stored in the same write (its outbox marker); once. */
  async resolve(
    tenant: string,
    escalationId: string,
    resolution: Resolution,
    resolver: { id: string; role: string },
    note: string | undefined,
    messages: OutboxMessage[],
  ): Promise<boolean> {
    const update = await this.escalations
      .updateOne(
        { tenant, escalation_id: escalationId, status: 'open' },
        {
          $set: {
            status: RESOLVED[resolution],
            resolution,
            resolved_by: resolver.id,
            resolved_by_role: resolver.role,
            resolved_at: new Date(),
            ...(messages.length > 0 ? outboxMarker(messages) : {}),
            ...(note ? { resolution_note: note } : {}),
          },
        },
      )
      .exec();
    return update.modifiedCount === 1;
  }

  /** Publishes the case's stored events and clears its marker. */
  async deliverOutbox(escalationId: string, messages: OutboxMessage[]): Promise<void> {
    await this.outbox.deliver(this.escalations, { escalation_id: escalationId }, messages);
  }

  /** One page of the tenant's cases in `order` from `after` (its filter of a cursor), without the stored text. */
  async list(
    tenant: string,
    status: EscalationStatus | undefined,
    limit: number,
    order: KeysetOrder,
    after?: FilterQuery<unknown>,
  ): Promise<EscalationSummary[]> {
    const conditions: FilterQuery<EscalationRecord>[] = [{ tenant }];
    if (status) conditions.push({ status });
    if (after) conditions.push(after);
    return this.escalations
      .find(
        { $and: conditions },
        { _id: 0, __v: 0, draft_message: 0, channel_ranking: 0, outbox: 0, outbox_pending: 0, outbox_at: 0, request_id: 0 },
      )
      .sort(order.sort)
      .limit(limit)
      .lean<EscalationSummary[]>()
      .exec();
  }
}
