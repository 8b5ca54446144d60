import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupInsert } from '@followup/persistence';
import { capEndAfter } from '../sending-policy/sending-policy';
import { LeadReachRecord } from './lead-reach.schema';

/** How often a claim is tried again after another send took the lead's next number meanwhile. */
const MAX_CLAIM_ATTEMPTS = 10;

export interface ReachClaim {
  tenant: string;
  lead_id: string;
  attempt_key: string;
  now: Date;
  /** The tenant's frequency cap. */
  frequency_cap_hours: number;
}

/**
 * The lead claimed for the send (its claim's number; `taken` false when the claim was this attempt's already, left by
 * a run of it that died before recording the attempt, or made by one under way), or since when another send's claim
 * holds the lead (the cap counts from then).
 */
export type ClaimOutcome = { seq: number; taken: boolean } | { heldSince: Date };

/**
 * Until when the latest claim on a lead holds a send (undefined: it does not): while not released and within the cap.
 * The latest alone decides: a claim is taken only when the one before it does not hold it, so every earlier claim still
 * unreleased had passed its cap (as it was then) when the latest was taken.
 */
export function heldUntil(
  latest: Pick<LeadReachRecord, 'claimed_at' | 'released'> | null,
  claim: Pick<ReachClaim, 'now' | 'frequency_cap_hours'>,
): Date | undefined {
  if (!latest || latest.released) return undefined;
  const until = capEndAfter(latest.claimed_at, claim);
  return until > claim.now ? until : undefined;
}

/** What a send does on the lead's latest claim: use it (this attempt's own), wait for the cap from it, or take the next number. */
export type ClaimStep = { own: number } | { heldSince: Date } | { next: number };

/**
 * The step a send takes on the lead's latest claim. A claim that holds the lead (not released, within the cap) and is
 * this very attempt's is its own: left by a run of it that died between the claim and the attempt's record (the rerun
 * must not wait a cap for itself), or taken by a run of it under way (the attempt's unique record lets only one of them
 * send). One past the cap holds nobody: the send takes the next number, as any other would.
 */
export function claimStep(
  latest: Pick<LeadReachRecord, 'seq' | 'attempt_key' | 'claimed_at' | 'released'> | null,
  claim: ReachClaim,
): ClaimStep {
  if (!latest || !heldUntil(latest, claim)) return { next: (latest?.seq ?? 0) + 1 };
  return latest.attempt_key === claim.attempt_key ? { own: latest.seq } : { heldSince: latest.claimed_at };
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
      const latest = await this.latestClaim(tenant, lead_id);
      const step = claimStep(latest, claim);
      if ('own' in step) return { seq: step.own, taken: false };
      if ('heldSince' in step) return step;
      const seq = step.next;
      if ((await this.inserts.insert({ tenant, lead_id, seq, attempt_key, claimed_at: now, released: false })).inserted) {
        return { seq, taken: true };
      }
    }
    throw new Error('the lead kept being claimed by other sends');
  }

  /** Since when the lead's latest claim holds a send now (the cap counts from then); undefined when none does. Reads only. */
  async heldSince(tenant: string, leadId: string, now: Date, frequencyCapHours: number): Promise<Date | undefined> {
    const latest = await this.latestClaim(tenant, leadId);
    return heldUntil(latest, { now, frequency_cap_hours: frequencyCapHours }) ? latest!.claimed_at : undefined;
  }

  private latestClaim(tenant: string, leadId: string): Promise<LeadReachRecord | null> {
    return this.reaches
      .findOne({ tenant, lead_id: leadId }, { _id: 0, seq: 1, attempt_key: 1, claimed_at: 1, released: 1 })
      .sort({ seq: -1 })
      .lean<LeadReachRecord>()
      .exec();
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
