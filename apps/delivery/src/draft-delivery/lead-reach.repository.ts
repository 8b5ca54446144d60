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
  attempt_key: string;
  now: Date;
  capMs: number;
}

/** A claim taken (its number), or when the cap lets one be taken. */
export type ClaimOutcome = { seq: number } | { heldUntil: Date };

/**
 * Until when the latest claim on a lead holds a send (undefined: it does not): while not released and within the cap.
 * The latest alone decides: a claim is taken only when the one before it does not hold it, so every earlier claim still
 * unreleased had passed its cap (as it was then) when the latest was taken.
 */
export function heldUntil(
  latest: Pick<LeadReachRecord, 'claimed_at' | 'released'> | null,
  claim: Pick<ReachClaim, 'now' | 'capMs'>,
): Date | undefined {
  if (!latest || latest.released) return undefined;
  const until = new Date(latest.claimed_at.getTime() + claim.capMs);
  return until > claim.now ? until : undefined;
}

/** The claims of sends to reach a lead under the frequency cap (LeadReachRecord). */
@Injectable()
export class LeadReachRepository {
  private readonly inserts: GroupInsert<LeadReachRecord>;

  constructor(@InjectModel(LeadReachRecord.name) private readonly reaches: Model<LeadReachRecord>) {
    this.inserts = new GroupInsert(reaches);
  }

  /** Claims the lead for a send now: one read and one insert, again when another send took the number meanwhile. */
  async claim(claim: ReachClaim): Promise<ClaimOutcome> {
    const { tenant, lead_id, attempt_key, now } = claim;
    for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt += 1) {
      const latest = await this.reaches
        .findOne({ tenant, lead_id }, { _id: 0, seq: 1, claimed_at: 1, released: 1 })
        .sort({ seq: -1 })
        .lean<LeadReachRecord>()
        .exec();
      const held = heldUntil(latest, claim);
      if (held) return { heldUntil: held };
      const seq = (latest?.seq ?? 0) + 1;
      if ((await this.inserts.insert({ tenant, lead_id, seq, attempt_key, claimed_at: now, released: false })).inserted) return { seq };
    }
    throw new Error('the lead kept being claimed by other sends');
  }

  /** A claim whose send was not made (another run had recorded the attempt): it holds no other send. */
  async releaseClaim(tenant: string, leadId: string, seq: number): Promise<void> {
    await this.reaches.updateOne({ tenant, lead_id: leadId, seq }, { $set: { released: true } }).exec();
  }

  /** The attempt did not reach the lead (it failed, or the provider reported it lost): its claim holds no other send. */
  async releaseAttempt(tenant: string, leadId: string, attemptKey: string): Promise<void> {
    await this.reaches.updateMany({ tenant, lead_id: leadId, attempt_key: attemptKey }, { $set: { released: true } }).exec();
  }
}
