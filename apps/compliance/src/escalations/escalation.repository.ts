import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { Outbox, OutboxMessage, outboxMarker } from '@followup/messaging';
import { awaitClaimOwner, GroupInsert, KeysetOrder } from '@followup/persistence';
import { EscalationDecisionRecord } from './escalation-decision.schema';
import { EscalationRecord, EscalationStatus, Resolution } from './escalation.schema';

export type Escalation = EscalationRecord;
export type EscalationDecision = EscalationDecisionRecord;
export type EscalationSummary = Omit<EscalationRecord, 'draft_message' | 'channel_ranking' | 'outbox' | 'request_id'>;
type NewEscalation = Omit<EscalationRecord, 'outbox' | 'outbox_pending' | 'outbox_at'>;

const RESOLVED: Record<Resolution, EscalationStatus> = { release: 'released', discard: 'discarded' };

@Injectable()
export class EscalationRepository {
  private readonly inserts: GroupInsert<EscalationRecord>;
  private readonly claims: GroupInsert<EscalationDecisionRecord>;

  constructor(
    @InjectModel(EscalationRecord.name) private readonly escalations: Model<EscalationRecord>,
    @InjectModel(EscalationDecisionRecord.name) private readonly decisions: Model<EscalationDecisionRecord>,
    private readonly outbox: Outbox,
  ) {
    this.inserts = new GroupInsert(escalations);
    this.claims = new GroupInsert(decisions);
  }

  /** Opens the case once per recommendation and stage; a redelivered screening finds it open already. */
  async openOnce(escalation: NewEscalation): Promise<void> {
    await this.inserts.insert(escalation);
  }

  async findOne(tenant: string, escalationId: string): Promise<Escalation | null> {
    return this.escalations.findOne({ tenant, escalation_id: escalationId }, { _id: 0, __v: 0 }).lean<Escalation>().exec();
  }

  /** Claims the case's one decision: false when one was claimed before (see EscalationDecisionRecord). */
  async claimDecision(decision: EscalationDecision): Promise<boolean> {
    return (await this.claims.insert(decision)).inserted;
  }

  async claimedDecision(escalationId: string): Promise<EscalationDecision | null> {
    return this.decisions.findOne({ escalation_id: escalationId }, { _id: 0, __v: 0 }).lean<EscalationDecision>().exec();
  }

  /**
   * Writes a claimed decision to the case if it is still open, with the events the decision must publish stored in
   * the same write (its outbox marker). Only its claim's owner, or whoever finds the owner gone, writes it.
   */
  async resolve(decision: EscalationDecision, messages: OutboxMessage[]): Promise<void> {
    await this.escalations
      .updateOne(
        { tenant: decision.tenant, escalation_id: decision.escalation_id, status: 'open' },
        {
          $set: {
            status: RESOLVED[decision.resolution],
            resolution: decision.resolution,
            resolved_by: decision.resolved_by,
            resolved_by_role: decision.resolved_by_role,
            resolved_at: decision.decided_at,
            ...(messages.length > 0 ? outboxMarker(messages, decision.decided_at) : {}),
            ...(decision.resolution_note ? { resolution_note: decision.resolution_note } : {}),
          },
        },
      )
      .exec();
  }

  /** The case once it is no longer open (its claimed decision written), or as it is after CLAIM_OWNER_WAIT_MS (null if there is none). */
  async decidedByOwner(tenant: string, escalationId: string): Promise<Escalation | null> {
    return (
      await awaitClaimOwner(
        () => this.findOne(tenant, escalationId),
        (escalation) => !escalation || escalation.status !== 'open',
      )
    ).record;
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
