import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupInsert } from '@followup/persistence';
import { LeadReachRecord } from './lead-reach.schema';

/** How often a claim is tried again after another send took the lead's next number meanwhile. */
const MAX_CLAIM_ATTEMPTS = 10;

export interface ReachClaim {
  tenant: string;
  lead_id: string;
  recommendation_id: string;
  now: Date;
  capMs: number;
}

/**
 * Whether a claim to reach the lead now, taken after the latest one, is held by it: the latest claim is another
 * recommendation's, not released, and within the cap. The latest alone decides: a claim is taken only when the one
 * before it does not hold it, so every earlier unreleased claim had passed its cap when the latest was taken.
 * Returns when the cap lets the claim be taken, or undefined when it may be taken now.
 */
export function heldUntil(
  latest: Pick<LeadReachRecord, 'recommendation_id' | 'claimed_at' | 'released'> | null,
  claim: ReachClaim,
): Date | undefined {
  if (!latest || latest.released || latest.recommendation_id === claim.recommendation_id) return undefined;
  const until = new Date(latest.claimed_at.getTime() + claim.capMs);
  return until > claim.now ? until : undefined;
}

/** The lead's claims to be reached under the frequency cap (LeadReachRecord). */
@Injectable()
export class LeadReachRepository {
  private readonly inserts: GroupInsert<LeadReachRecord>;

  constructor(@InjectModel(LeadReachRecord.name) private readonly reaches: Model<LeadReachRecord>) {
    this.inserts = new GroupInsert(reaches);
  }

  /**
   * Claims the lead for the recommendation's send now: undefined when claimed (now, or before by this
   * recommendation), else when the cap lets it be claimed. One read and one insert; again on a number taken meanwhile.
   */
  async claim(claim: ReachClaim): Promise<Date | undefined> {
    const { tenant, lead_id, recommendation_id, now } = claim;
    for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt += 1) {
      const latest = await this.reaches
        .findOne({ tenant, lead_id }, { _id: 0, seq: 1, recommendation_id: 1, claimed_at: 1, released: 1 })
        .sort({ seq: -1 })
        .lean<LeadReachRecord>()
        .exec();
      const held = heldUntil(latest, claim);
      if (held || latest?.recommendation_id === recommendation_id) return held;
      const seq = (latest?.seq ?? 0) + 1;
      if ((await this.inserts.insert({ tenant, lead_id, seq, recommendation_id, claimed_at: now, released: false })).inserted)
        return undefined;
    }
    throw new Error('the lead kept being claimed by other sends');
  }

  /** The recommendation's delivery ended without reaching the lead: its claim holds no other send any more. */
  async release(tenant: string, leadId: string, recommendationId: string): Promise<void> {
    await this.reaches.updateMany({ tenant, lead_id: leadId, recommendation_id: recommendationId }, { $set: { released: true } }).exec();
  }
}
