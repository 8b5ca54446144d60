import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import { ERASED_TEXT, ErrorCode, FollowupError } from '@followup/contracts';
import { awaitClaimOwner, CLAIM_OWNER_WAIT_MS, GroupInsert, isDuplicateKeyError } from '@followup/persistence';
import { LeadVersionClaimRecord, PendingAnnouncement } from './lead-version-claim.schema';
import type { Lead } from './lead.repository';
import { LeadRecord } from './lead.schema';

/** How many times a change of a lead that other writers keep changing is decided again before it answers 503. */
export const MAX_VERSION_ATTEMPTS = 10;

/** A change of a lead record: fields to set and to remove. */
export interface LeadChange {
  set: Record<string, unknown>;
  unset: string[];
}

export interface ClaimedVersion {
  /** The record's version when the claim was decided; undefined when there was no record. */
  from?: number;
  version: number;
}

/** A lead record as stored, with the store's own fields. */
export type StoredLead = Lead & Pick<LeadRecord, 'erased_at'> & { _id?: unknown; __v?: number };

export interface AwaitingAnnouncement {
  claim: Pick<LeadVersionClaimRecord, 'tenant' | 'lead_id' | 'version'> & { pending_announcement: PendingAnnouncement };
  /**
   * The lead at the claimed version, to announce; undefined when there is nothing to announce for this claim: the
   * record is past it (a later version's claim announced the lead) or erased.
   */
  lead?: Lead;
}

type VersionRead = Pick<LeadRecord, 'version' | 'erased_at'>;
type StoredClaim = Pick<LeadVersionClaimRecord, 'tenant' | 'lead_id' | 'version' | 'at' | 'set' | 'unset' | 'pending_announcement'>;

/** A lead that was not erased: an erased one is never written again. */
export const NOT_ERASED = { erased_at: { $exists: false } } as const;
/** The outbox marker lead records carried before it moved to the claims: removed by the next write of each. */
const MARKER_ON_RECORD = { pending_announcement: 1, outbox_pending: 1, outbox_at: 1 } as const;

export const erasedLead = (leadId: string) =>
  new FollowupError(ErrorCode.InvalidState, `Lead ${leadId} was erased; its id cannot be used again.`, {
    lead_id: leadId,
    reason: 'erased',
  });

export const busy = (leadId: string) =>
  new FollowupError(ErrorCode.ServiceUnavailable, 'The lead kept changing. Retry in a moment.', { lead_id: leadId });

const parsedChange = ({ set, unset }: Pick<LeadVersionClaimRecord, 'set' | 'unset'>): LeadChange => ({
  set: mongo.BSON.EJSON.parse(set!) as Record<string, unknown>,
  unset: unset ?? [],
});

/**
 * The one way a lead record changes, on any number of gateway instances. A `PUT` and an erasure each claim the lead's
 * next version first, with the change, under a unique index, and only then write it, conditionally on the version
 * read. On FerretDB v1 an update reads the document, checks the filter itself and writes the whole document back,
 * without a lock: two racing `$inc`s or conditional updates both take the same version and one's fields are lost
 * (while the services that consumed the first announcement of that version drop the second as a repeat), and an
 * unguarded write (an outbox clear, an erasure) can put a racing version's fields back. A unique index is enforced by
 * PostgreSQL there as on MongoDB. Whoever finds the next version claimed but not on the record waits for its owner to
 * write it (awaitClaimOwner) and, when the owner died between its claim and its write, writes the claimed change
 * itself; so versions follow one another, and every racing write carries the same change. A `PUT`'s claim is also its
 * version's outbox marker. A claim keeps its change until it is forgotten (ClaimRetention), or the lead's erasure drops it.
 */
@Injectable()
export class LeadVersions implements OnApplicationBootstrap {
  private readonly claims: GroupInsert<LeadVersionClaimRecord>;

  constructor(
    @InjectModel(LeadRecord.name) private readonly leads: Model<LeadRecord>,
    @InjectModel(LeadVersionClaimRecord.name) private readonly claimed: Model<LeadVersionClaimRecord>,
    private readonly logger: PinoLogger,
  ) {
    this.claims = new GroupInsert(claimed);
    this.logger.setContext(LeadVersions.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      const adopted = await this.adoptMarkersOnRecords();
      if (adopted > 0) this.logger.info({ adopted }, 'lead announcements still due from before the version claims, written again');
    } catch (error) {
      this.logger.warn(
        { error_name: (error as Error).name },
        'lead announcements from before the version claims not looked for; next start',
      );
    }
  }

  /**
   * Writes `change` as the lead's next version; a `PUT` gives its `announcement` (the version's outbox marker) and is
   * refused for an erased lead (409). The record as written, and whether there was none before.
   */
  async write(
    tenant: string,
    leadId: string,
    change: LeadChange,
    announcement: PendingAnnouncement,
  ): Promise<{ stored: StoredLead; created: boolean; superseded: boolean }> {
    for (let attempt = 1; attempt <= MAX_VERSION_ATTEMPTS; attempt += 1) {
      const claimed = (await this.claimNext(tenant, leadId, change, announcement))!;
      const created = claimed.from === undefined;
      const stored = await this.writeClaimed(tenant, leadId, claimed, change);
      if (stored) return { stored, created, superseded: false };
      // this writer was slow: another one took it for dead and wrote its claimed change, and maybe later versions since
      const now = await this.recordOf(tenant, leadId);
      if (now && !now.erased_at && now.version === claimed.version) return { stored: now, created, superseded: false };
      if (now && !now.erased_at && now.version > claimed.version) {
        // answered as written at its version; a later version's announcement has the lead, so this one is not made
        const written: Record<string, unknown> = { ...now, ...change.set, version: claimed.version };
        for (const field of change.unset) delete written[field];
        return { stored: written as unknown as StoredLead, created, superseded: true };
      }
    }
    throw busy(leadId);
  }

  /**
   * The lead's erasure as its next version: marked `erased_at`, the name blanked, the last name and contacts removed
   * (a record of only that when there was none), then the copies of its fields its claims keep dropped. Counts by store.
   */
  async erase(tenant: string, leadId: string, erasedAt: Date): Promise<Record<string, number>> {
    const change = { set: { erased_at: erasedAt, first_name: ERASED_TEXT }, unset: ['last_name', 'contacts.email', 'contacts.phone'] };
    let marked = 0;
    for (let attempt = 1; ; attempt += 1) {
      const claimed = await this.claimNext(tenant, leadId, change);
      // erased already: by an earlier pass, or by whoever found this erasure's claim and took it for dead
      if (!claimed) break;
      if (await this.writeClaimed(tenant, leadId, claimed, change)) {
        marked = 1;
        break;
      }
      if (attempt === MAX_VERSION_ATTEMPTS) throw busy(leadId);
    }
    return { 'leads.erased_at': marked, 'lead_version_claims.set': await this.eraseClaimedFields(tenant, leadId) };
  }

  /**
   * Claims the lead's next version with `change`. A `PUT` (with `announcement`) is refused for an erased lead (409);
   * an erasure gets undefined for a lead erased already.
   */
  async claimNext(
    tenant: string,
    leadId: string,
    change: LeadChange,
    announcement?: PendingAnnouncement,
  ): Promise<ClaimedVersion | undefined> {
    for (let attempt = 1; attempt <= MAX_VERSION_ATTEMPTS; attempt += 1) {
      const current = await this.versionOf(tenant, leadId);
      if (current?.erased_at) {
        if (announcement) throw erasedLead(leadId);
        return undefined;
      }
      const claimed = { from: current?.version, version: (current?.version ?? 0) + 1 };
      const at = new Date();
      const { inserted } = await this.claims.insert({
        tenant,
        lead_id: leadId,
        version: claimed.version,
        at,
        set: mongo.BSON.EJSON.stringify(change.set),
        unset: change.unset,
        ...(announcement
          ? { pending_announcement: announcement, outbox_pending: true, outbox_at: at }
          : { pending_announcement: null, outbox_pending: false }),
      });
      if (inserted) return claimed;
      await this.finishClaimed(tenant, leadId, claimed);
    }
    throw busy(leadId);
  }

  /** The `PUT`s' claims whose announcement is still due, with the lead to announce; a version left unwritten is written. */
  async findAwaitingAnnouncement(olderThan: Date, limit: number): Promise<AwaitingAnnouncement[]> {
    const claims = await this.claimed
      .find(
        { outbox_pending: true, outbox_at: { $lt: olderThan } },
        { _id: 0, tenant: 1, lead_id: 1, version: 1, at: 1, set: 1, unset: 1, pending_announcement: 1 },
      )
      .limit(limit)
      .lean<(StoredClaim & { pending_announcement: PendingAnnouncement })[]>()
      .exec();
    const awaiting: AwaitingAnnouncement[] = [];
    for (const { tenant, lead_id, version, at, set, unset, pending_announcement } of claims) {
      const claim = { tenant, lead_id, version, pending_announcement };
      let record = await this.recordOf(tenant, lead_id);
      const behind = !record?.erased_at && (record?.version ?? 0) === version - 1;
      if (behind && set !== undefined && Date.now() - at.getTime() >= CLAIM_OWNER_WAIT_MS) {
        // its writer died between the claim and the write
        record = await this.writeClaimed(tenant, lead_id, { from: record?.version, version }, parsedChange({ set, unset }));
      }
      if (record && !record.erased_at && record.version === version) {
        const { _id, __v, erased_at, ...lead } = record;
        awaiting.push({ claim, lead });
      } else if (record?.erased_at || (record?.version ?? 0) > version) {
        awaiting.push({ claim });
      }
    }
    return awaiting;
  }

  /**
   * Clears the outbox marker of a version's claim. Its change stays until the claim is forgotten: on FerretDB a writer
   * slower than CLAIM_OWNER_WAIT_MS can still put the record back a version, and whoever then finds the next version
   * claimed writes it again from the claim.
   */
  async markAnnounced(tenant: string, leadId: string, version: number): Promise<void> {
    await this.claimed
      .updateOne({ tenant, lead_id: leadId, version }, { $set: { pending_announcement: null, outbox_pending: false } })
      .exec();
  }

  /** Drops the copies of the lead's fields its claims keep (the erasure's). Answers how many claims held one. */
  private async eraseClaimedFields(tenant: string, leadId: string): Promise<number> {
    const { modifiedCount } = await this.claimed
      .updateMany({ tenant, lead_id: leadId, set: { $exists: true } }, { $unset: { set: 1 } })
      .exec();
    return modifiedCount;
  }

  /** Forgets the claims made before `cutoff` whose announcement is done: a claim matters only until then. */
  async forgetClaimsBefore(cutoff: Date): Promise<number> {
    const { deletedCount } = await this.claimed.deleteMany({ at: { $lt: cutoff }, outbox_pending: { $ne: true } }).exec();
    return deletedCount;
  }

  /**
   * Sees the version claimed by someone else onto the record: written by its owner within CLAIM_OWNER_WAIT_MS, else
   * (the owner died) by this caller. A claim without its change is one of an erased lead, whose erasure dropped it.
   */
  private async finishClaimed(tenant: string, leadId: string, claimed: ClaimedVersion): Promise<void> {
    const claim = await this.claimed
      .findOne({ tenant, lead_id: leadId, version: claimed.version }, { _id: 0, set: 1, unset: 1 })
      .lean<Pick<LeadVersionClaimRecord, 'set' | 'unset'>>()
      .exec();
    if (claim?.set === undefined) return;
    const { written } = await awaitClaimOwner(
      () => this.versionOf(tenant, leadId),
      (now) => Boolean(now?.erased_at) || (now?.version ?? 0) >= claimed.version,
    );
    if (!written) await this.writeClaimed(tenant, leadId, claimed, parsedChange(claim));
  }

  /**
   * Writes a claimed version onto the record still at `from` (inserts it when there was none); null when the record
   * is elsewhere (written by someone else, or erased).
   */
  private async writeClaimed(
    tenant: string,
    leadId: string,
    { from, version }: ClaimedVersion,
    { set, unset }: LeadChange,
  ): Promise<StoredLead | null> {
    try {
      return await this.leads
        .findOneAndUpdate(
          { tenant, lead_id: leadId, ...NOT_ERASED, version: from === undefined ? { $exists: false } : from },
          { $set: { ...set, version }, $unset: { ...Object.fromEntries(unset.map((field) => [field, 1])), ...MARKER_ON_RECORD } },
          // `strict: false` lets the $unset name the marker fields the schema no longer has
          { upsert: from === undefined, new: true, strict: false },
        )
        .lean<StoredLead>()
        .exec();
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
  }

  /**
   * The outbox markers lead records carried before this version of the gateway (2026-12-06): each such lead is written
   * again unchanged as its next version, claimed with the marker's announcement, so an announcement that failed just
   * before an upgrade is still made (by the relay) and the record loses the marker. Each start looks once, reading
   * the whole collection (as the lead view's load does): the marker's index went with the marker.
   */
  private async adoptMarkersOnRecords(): Promise<number> {
    const marked = await this.leads.collection
      .find({ outbox_pending: true, ...NOT_ERASED }, { projection: { _id: 0, tenant: 1, lead_id: 1, pending_announcement: 1 } })
      .toArray();
    for (const { tenant, lead_id, pending_announcement } of marked) {
      await this.write(tenant, lead_id, { set: {}, unset: [] }, pending_announcement as PendingAnnouncement);
    }
    return marked.length;
  }

  /** The lead record as stored, erased or not. */
  private recordOf(tenant: string, leadId: string): Promise<StoredLead | null> {
    return this.leads.findOne({ tenant, lead_id: leadId }, { __v: 0 }).lean<StoredLead>().exec();
  }

  private versionOf(tenant: string, leadId: string): Promise<VersionRead | null> {
    return this.leads.findOne({ tenant, lead_id: leadId }, { _id: 0, version: 1, erased_at: 1 }).lean<VersionRead>().exec();
  }
}
