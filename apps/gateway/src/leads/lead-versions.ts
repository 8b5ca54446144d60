import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { awaitClaimOwner, GroupInsert } from '@followup/persistence';
import { LeadVersionClaimRecord, PendingAnnouncement } from './lead-version-claim.schema';
import type { Lead } from './lead.repository';
import { LeadRecord } from './lead.schema';

/** How many times a change of a lead that other writers keep changing is decided again before it answers 503. */
export const MAX_VERSION_ATTEMPTS = 10;
/**
 * How old a `PUT`'s claim must be before the relay takes its version for one that never reached the record (its writer
 * died between the claim and the write): well past CLAIM_OWNER_WAIT_MS, after which the next writer skips it.
 */
export const UNWRITTEN_CLAIM_AGE_MS = 60_000;

export interface ClaimedVersion {
  /** The record's version when the claim was decided; undefined when there was no record. */
  from?: number;
  version: number;
}

export interface AwaitingAnnouncement {
  claim: Pick<LeadVersionClaimRecord, 'tenant' | 'lead_id' | 'version'> & { pending_announcement: PendingAnnouncement };
  /**
   * The lead at the claimed version, to announce; undefined when there is nothing to announce for this claim: the
   * record is past it (a later version's claim announces the lead) or erased, or the version never reached it.
   */
  lead?: Lead;
}

type VersionRead = Pick<LeadRecord, 'version' | 'erased_at'>;

export const erasedLead = (leadId: string) =>
  new FollowupError(ErrorCode.InvalidState, `Lead ${leadId} was erased; its id cannot be used again.`, {
    lead_id: leadId,
    reason: 'erased',
  });

/**
 * The one way a lead record changes, on any number of gateway instances: a `PUT` and an erasure each claim the lead's
 * next version first, under a unique index, and only then write. On FerretDB v1 an update reads the document, checks
 * the filter itself and writes the whole document back, without a lock: two racing `$inc`s or conditional updates
 * both take the same version and one's fields are lost (while the services that consumed the first announcement of
 * that version drop the second as a repeat), and an erasure's write can be overwritten by a `PUT`'s. A unique index
 * is enforced by PostgreSQL there as on MongoDB. Whoever finds the next version claimed waits for its owner to write
 * it (awaitClaimOwner) and decides again on the record; when the owner died between its claim and its write, the
 * number is skipped, so versions only grow, with a gap where a writer died.
 */
@Injectable()
export class LeadVersions {
  private readonly claims: GroupInsert<LeadVersionClaimRecord>;

  constructor(
    @InjectModel(LeadRecord.name) private readonly leads: Model<LeadRecord>,
    @InjectModel(LeadVersionClaimRecord.name) private readonly claimed: Model<LeadVersionClaimRecord>,
  ) {
    this.claims = new GroupInsert(claimed);
  }

  /**
   * Claims the lead's next version. A `PUT` (`announcement` given, its version's outbox marker) is refused for an erased
   * lead (409); an erasure gets undefined for a lead erased already, whose erasure claimed a version before.
   */
  async claimNext(tenant: string, leadId: string, announcement?: PendingAnnouncement): Promise<ClaimedVersion | undefined> {
    let skipped = 0;
    for (let attempt = 1; attempt <= MAX_VERSION_ATTEMPTS; attempt += 1) {
      const current = await this.versionOf(tenant, leadId);
      if (current?.erased_at) {
        if (announcement) throw erasedLead(leadId);
        return undefined;
      }
      const version = (current?.version ?? 0) + 1 + skipped;
      const at = new Date();
      const marker = announcement
        ? { pending_announcement: announcement, outbox_pending: true, outbox_at: at }
        : { pending_announcement: null, outbox_pending: false };
      if ((await this.claims.insert({ tenant, lead_id: leadId, version, at, ...marker })).inserted) {
        return { from: current?.version, version };
      }
      const { written } = await awaitClaimOwner(
        () => this.versionOf(tenant, leadId),
        (now) => Boolean(now?.erased_at) || (now?.version ?? 0) >= version,
      );
      skipped = written ? 0 : skipped + 1;
    }
    throw busy(leadId);
  }

  /** The `PUT`s' claims whose announcement is still due, with what the record holds of each. */
  async findAwaitingAnnouncement(olderThan: Date, limit: number): Promise<AwaitingAnnouncement[]> {
    const claims = await this.claimed
      .find(
        { outbox_pending: true, outbox_at: { $lt: olderThan } },
        { _id: 0, tenant: 1, lead_id: 1, version: 1, at: 1, pending_announcement: 1 },
      )
      .limit(limit)
      .lean<(AwaitingAnnouncement['claim'] & { at: Date })[]>()
      .exec();
    const awaiting: AwaitingAnnouncement[] = [];
    for (const { at, ...claim } of claims) {
      const record = await this.leads
        .findOne({ tenant: claim.tenant, lead_id: claim.lead_id }, { _id: 0, __v: 0 })
        .lean<Lead & Pick<LeadRecord, 'erased_at'>>()
        .exec();
      if (record && !record.erased_at && record.version === claim.version) {
        const { erased_at, ...lead } = record;
        awaiting.push({ claim, lead });
      } else if (record?.erased_at || (record?.version ?? 0) > claim.version || Date.now() - at.getTime() >= UNWRITTEN_CLAIM_AGE_MS) {
        awaiting.push({ claim });
      }
    }
    return awaiting;
  }

  /** Clears the outbox marker of a version's claim. */
  async markAnnounced(tenant: string, leadId: string, version: number): Promise<void> {
    await this.claimed
      .updateOne({ tenant, lead_id: leadId, version }, { $set: { pending_announcement: null, outbox_pending: false } })
      .exec();
  }

  /** Forgets the claims made before `cutoff` whose announcement is done: a claim matters only until then. */
  async forgetClaimsBefore(cutoff: Date): Promise<number> {
    const { deletedCount } = await this.claimed.deleteMany({ at: { $lt: cutoff }, outbox_pending: { $ne: true } }).exec();
    return deletedCount;
  }

  private versionOf(tenant: string, leadId: string): Promise<VersionRead | null> {
    return this.leads.findOne({ tenant, lead_id: leadId }, { _id: 0, version: 1, erased_at: 1 }).lean<VersionRead>().exec();
  }
}

export const busy = (leadId: string) =>
  new FollowupError(ErrorCode.ServiceUnavailable, 'The lead kept changing. Retry in a moment.', { lead_id: leadId });
