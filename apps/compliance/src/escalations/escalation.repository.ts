import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { isDuplicateKeyError } from '@followup/persistence';
import { EscalationRecord, EscalationStatus, PendingEvent, Resolution } from './escalation.schema';

export type Escalation = Omit<EscalationRecord, 'outbox'> & { outbox?: PendingEvent | null };
export type EscalationSummary = Omit<EscalationRecord, 'draft_message' | 'channel_ranking' | 'outbox' | 'request_id'>;

export interface EscalationPosition {
  raised_at: Date;
  escalation_id: string;
}

const RESOLVED: Record<Resolution, EscalationStatus> = { release: 'released', discard: 'discarded' };

@Injectable()
export class EscalationRepository {
  constructor(@InjectModel(EscalationRecord.name) private readonly escalations: Model<EscalationRecord>) {}

  /** Opens the case once per recommendation and stage; a redelivered screening finds it open already. */
  async openOnce(escalation: Omit<EscalationRecord, 'outbox'>): Promise<void> {
    try {
      await this.escalations.create({ ...escalation, outbox: null });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async findOne(tenant: string, escalationId: string): Promise<Escalation | null> {
    return this.escalations.findOne({ tenant, escalation_id: escalationId }, { _id: 0, __v: 0 }).lean<Escalation>().exec();
  }

  /** Resolves an open case, with the event a release must publish stored in the same write; once. */
  async resolve(
    tenant: string,
    escalationId: string,
    resolution: Resolution,
    resolver: { id: string; role: string },
    note: string | undefined,
    outbox: PendingEvent | null,
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
            outbox,
            ...(note ? { resolution_note: note } : {}),
          },
        },
      )
      .exec();
    return update.modifiedCount === 1;
  }

  async markPublished(escalationId: string, eventId: string): Promise<void> {
    await this.escalations
      .updateOne({ escalation_id: escalationId, 'outbox.event.event_id': eventId }, { $set: { outbox: null } }, { timestamps: false })
      .exec();
  }

  /** One page of the tenant's cases, oldest first, without the stored text. */
  async list(
    tenant: string,
    status: EscalationStatus | undefined,
    limit: number,
    after?: EscalationPosition,
  ): Promise<EscalationSummary[]> {
    const conditions: FilterQuery<EscalationRecord>[] = [{ tenant }];
    if (status) conditions.push({ status });
    if (after) {
      conditions.push({
        $or: [{ raised_at: { $gt: after.raised_at } }, { raised_at: after.raised_at, escalation_id: { $gt: after.escalation_id } }],
      });
    }
    return this.escalations
      .find({ $and: conditions }, { _id: 0, __v: 0, draft_message: 0, channel_ranking: 0, outbox: 0, request_id: 0 })
      .sort({ raised_at: 1, escalation_id: 1 })
      .limit(limit)
      .lean<EscalationSummary[]>()
      .exec();
  }
}
