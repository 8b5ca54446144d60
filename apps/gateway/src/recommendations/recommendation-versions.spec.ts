import type { Model } from 'mongoose';
import { RecommendationRequestRecord } from './recommendation-request.schema';
import { RecommendationTransitionRecord } from './recommendation-transition.schema';
import { REMEMBERED_FOR_MS, RecommendationVersions, VersionedRecommendation } from './recommendation-versions';

const ID = 'rec-1';

/** One stored record and its claimed transitions, behind the few model calls RecommendationVersions makes. */
function fakeStore() {
  let record: Record<string, unknown> | null = { recommendation_id: ID, tenant: 'acme', lead_id: 'LD-1', status: 'completed', version: 1 };
  const transitions = new Map<number, { set: Record<string, unknown>; unset: string[] }>();
  let reads = 0;
  let loseNextWrite = false;
  const chain = <T>(value: () => T) => ({ lean: () => ({ exec: async () => value() }) });
  const requests = {
    findOne: (filter: { tenant?: string }) => {
      reads += 1;
      return chain(() => (record && (filter.tenant === undefined || record.tenant === filter.tenant) ? { ...record } : null));
    },
    updateOne: (filter: { version: unknown }, update: { $set: Record<string, unknown> }) => ({
      exec: async () => {
        const expected = typeof filter.version === 'number' ? filter.version : 0;
        const matches = record !== null && record.version === expected;
        if (matches && !loseNextWrite) record = { ...record, ...update.$set };
        loseNextWrite = false;
        return { matchedCount: matches ? 1 : 0 };
      },
    }),
  } as unknown as Model<RecommendationRequestRecord>;
  type Claim = { version: number; set: Record<string, unknown>; unset: string[] };
  // claims are inserted as GroupInsert does: validated by the model, then one unordered insertMany
  const transitionModel = {
    schema: { get: () => undefined },
    applyDefaults: (claim: Claim) => claim,
    validate: async (claim: Claim) => claim,
    applyTimestamps: (claim: Claim) => claim,
    insertMany: async (claims: Claim[]) => {
      const writeErrors = claims.flatMap((claim, index) => {
        if (transitions.has(claim.version)) return [{ index, code: 11000 }];
        transitions.set(claim.version, { set: claim.set, unset: claim.unset });
        return [];
      });
      if (writeErrors.length > 0) throw Object.assign(new Error('E11000 duplicate key'), { code: 11000, writeErrors });
    },
    findOne: (filter: { version: number }) => chain(() => transitions.get(filter.version) ?? null),
    deleteOne: (filter: { version: number }) => ({ exec: async () => ({ deletedCount: transitions.delete(filter.version) ? 1 : 0 }) }),
  } as unknown as Model<RecommendationTransitionRecord>;
  return {
    versions: new RecommendationVersions(requests, transitionModel),
    stored: () => record,
    reads: () => reads,
    /** Another instance's change: claimed and written without this process knowing. */
    changeElsewhere(set: Record<string, unknown>) {
      const version = (record!.version as number) + 1;
      transitions.set(version, { set, unset: [] });
      record = { ...record, ...set, version };
    },
    /** The next write reports success but leaves the record as it was (FerretDB overwrote it). */
    loseNextWrite() {
      loseNextWrite = true;
    },
    erase() {
      record = null;
    },
    /** The record as a request published before it was stored is stored: pending, at version 0. */
    storePending(fields: Record<string, unknown> = {}) {
      record = { recommendation_id: ID, tenant: 'acme', lead_id: 'LD-1', status: 'pending', version: 0, ...fields };
    },
    /** Another instance that claimed the next step and died before writing it. */
    claimElsewhere(set: Record<string, unknown>) {
      transitions.set((record!.version as number) + 1, { set, unset: [] });
    },
    claimed: (version: number) => transitions.get(version),
  };
}

/** A step that moves the lifecycle to `to`, noting the version each decision was made on. */
function step(to: string, seen: number[]) {
  return (record: VersionedRecommendation | null) => {
    seen.push(record!.version);
    return { result: to, change: { set: { lifecycle: to as 'sending' } } };
  };
}

describe('RecommendationVersions', () => {
  afterEach(() => jest.useRealTimers());

  it('decides the next step on the record this process wrote a moment ago, without reading it', async () => {
    const store = fakeStore();
    const seen: number[] = [];
    await store.versions.change('acme', ID, step('compliance_check', seen));
    expect(store.reads()).toBe(1);

    await store.versions.change('acme', ID, step('ready_to_send', seen), store.versions.remembered('acme', ID));
    expect(store.reads()).toBe(1);
    expect(seen).toEqual([1, 2]);
    expect(store.stored()).toMatchObject({ lifecycle: 'ready_to_send', version: 3 });
  });

  it("writes every change of a record its lead's erasure marked with the lead's texts erased, other fields as decided", async () => {
    const store = fakeStore();
    store.changeElsewhere({ erased_at: new Date('2026-12-03T23:00:00Z') });
    const answer = {
      priority_score: 81,
      recommended_action: 'follow_up' as const,
      recommended_channel: 'sms' as const,
      reasoning_summary: 'Nora asked for the price list.',
      draft_message: 'Hi Nora, here is the price list.',
      requires_human_approval: true,
    };

    await store.versions.change('acme', ID, () => ({
      result: undefined,
      change: { set: { result: answer, lifecycle: 'pending_review' } },
    }));

    expect(store.stored()).toMatchObject({
      result: { ...answer, reasoning_summary: '[erased]', draft_message: '[erased]' },
      lifecycle: 'pending_review',
      version: 3,
    });
  });

  it('flags the record for the outbox relay with every write of its outbox, and with no other', async () => {
    const store = fakeStore();
    const outbox = { topic: 'followup.recommendation.reviewed.v1' as const, key: 'LD-1', event: { event_id: 'e-1', request_id: 'r-1' } };

    await store.versions.change('acme', ID, () => ({ result: undefined, change: { set: { outbox } } }));
    expect(store.stored()).toMatchObject({ outbox, outbox_pending: true, version: 2 });
    await store.versions.change('acme', ID, () => ({ result: undefined, change: { set: { lifecycle: 'compliance_check' } } }));
    expect(store.stored()).toMatchObject({ outbox, outbox_pending: true, version: 3 });
    await store.versions.change('acme', ID, () => ({ result: undefined, change: { set: { outbox: null } } }));
    expect(store.stored()).toMatchObject({ outbox: null, outbox_pending: false, version: 4 });
    await store.versions.change('acme', ID, () => ({ result: undefined, change: { set: { outbox } } }));
    await store.versions.change('acme', ID, () => ({ result: undefined, change: { set: {}, unset: ['outbox'] } }));
    expect(store.stored()).toMatchObject({ outbox_pending: false, version: 6 });
  });

  it('decides again on a fresh read when another instance changed the record since', async () => {
    const store = fakeStore();
    const seen: number[] = [];
    await store.versions.change('acme', ID, step('compliance_check', seen));
    store.changeElsewhere({ lifecycle: 'ready_to_send' });

    await store.versions.change('acme', ID, step('sending', seen), store.versions.remembered('acme', ID));
    // decided on the remembered version 2, refused (version 3 is claimed, and its owner wrote it: one look),
    // decided again on a fresh read of version 3
    expect(seen).toEqual([1, 2, 3]);
    expect(store.reads()).toBe(3);
    expect(store.stored()).toMatchObject({ lifecycle: 'sending', version: 4 });
  });

  it("never gives one tenant's record to another, nor a copy older than REMEMBERED_FOR_MS", async () => {
    jest.useFakeTimers({ now: new Date('2026-12-02T10:00:00Z'), doNotFake: ['setImmediate'] });
    const store = fakeStore();
    await store.versions.change('acme', ID, step('compliance_check', []));
    expect(store.versions.remembered('globex', ID)).toBeUndefined();
    expect(store.versions.remembered('acme', ID)).toMatchObject({ version: 2 });

    jest.setSystemTime(new Date(Date.parse('2026-12-02T10:00:00Z') + REMEMBERED_FOR_MS + 1));
    expect(store.versions.remembered('acme', ID)).toBeUndefined();
  });

  it('writes a step whose owner died after claiming it, once OWNER_WAIT_MS has passed, then its own', async () => {
    const store = fakeStore();
    store.claimElsewhere({ lifecycle: 'compliance_check' });
    const seen: number[] = [];
    await store.versions.change('acme', ID, step('rejected', seen));
    expect(seen).toEqual([1, 2]);
    expect(store.stored()).toMatchObject({ lifecycle: 'rejected', version: 3 });
  });

  it('catches the record up with the claimed steps when a write reported done was lost, before reporting the next', async () => {
    const store = fakeStore();
    await store.versions.change('acme', ID, step('compliance_check', []));
    store.loseNextWrite();
    await store.versions.change('acme', ID, step('ready_to_send', []), store.versions.remembered('acme', ID));
    // version 3 is claimed and remembered, but the record stayed at 2
    expect(store.stored()).toMatchObject({ lifecycle: 'compliance_check', version: 2 });

    const seen: number[] = [];
    await store.versions.change('acme', ID, step('sending', seen), store.versions.remembered('acme', ID));
    // decided on the remembered version 3; its write finds the record at 2, so steps 3 and 4 are written in order
    expect(seen).toEqual([3]);
    expect(store.stored()).toMatchObject({ lifecycle: 'sending', version: 4 });
  });

  it('finishes a claimed step from its stored text as it was decided, dates as dates', async () => {
    const store = fakeStore();
    const at = new Date('2026-12-03T16:40:00.000Z');
    store.loseNextWrite();
    await store.versions.change('acme', ID, () => ({
      result: undefined,
      change: {
        set: {
          lifecycle: 'compliance_check',
          lifecycle_updated_at: at,
          channel_ranking: [{ channel: 'sms', response_probability: 0.7, consented: true }],
        },
      },
    }));
    expect(store.stored()).toMatchObject({ version: 1 });

    await store.versions.change('acme', ID, step('ready_to_send', []));
    expect(store.stored()).toMatchObject({
      lifecycle: 'ready_to_send',
      version: 3,
      channel_ranking: [{ channel: 'sms', response_probability: 0.7, consented: true }],
    });
    expect(store.stored()!.lifecycle_updated_at).toEqual(at);
  });

  it('decides again on nothing when the record was erased between the claim and the write', async () => {
    const store = fakeStore();
    await store.versions.change('acme', ID, step('compliance_check', []));
    const remembered = store.versions.remembered('acme', ID);
    store.erase();
    const seen: (number | null)[] = [];
    const outcome = await store.versions.change(
      'acme',
      ID,
      (record) => {
        seen.push(record?.version ?? null);
        return record ? { result: 'stepped', change: { set: { lifecycle: 'sending' as const } } } : { result: 'unknown' };
      },
      remembered,
    );
    expect(outcome).toBe('unknown');
    expect(seen).toEqual([2, null]);
  });
  describe('a review decided on the remembered copy', () => {
    const approve = (seen: number[]) => (record: VersionedRecommendation | null) => {
      seen.push(record!.version);
      if (record!.lifecycle !== 'pending_review') throw new Error('not waiting for review');
      return { result: 'approved', change: { set: { lifecycle: 'compliance_check' as const } } };
    };

    it('loses to a decision made on another instance since: refused by the claim, refused again on a fresh read', async () => {
      const store = fakeStore();
      await store.versions.change('acme', ID, step('pending_review', []));
      store.changeElsewhere({ lifecycle: 'rejected' });
      const seen: number[] = [];
      await expect(store.versions.change('acme', ID, approve(seen), store.versions.remembered('acme', ID))).rejects.toThrow(
        'not waiting for review',
      );
      expect(seen).toEqual([2, 3]);
      expect(store.stored()).toMatchObject({ lifecycle: 'rejected', version: 3 });
    });

    it('is not refused on a copy older than the answer recorded on another instance: decided again on a fresh read', async () => {
      const store = fakeStore();
      await store.versions.change('acme', ID, () => ({ result: undefined, change: { set: { status: 'pending' as const } } }));
      store.changeElsewhere({ status: 'completed', lifecycle: 'pending_review' });
      const seen: number[] = [];
      await expect(store.versions.change('acme', ID, approve(seen), store.versions.remembered('acme', ID))).resolves.toBe('approved');
      expect(seen).toEqual([2, 3]);
      expect(store.stored()).toMatchObject({ lifecycle: 'compliance_check', version: 4 });
    });
  });

  describe('an answer claimed ahead of its record (claimAhead)', () => {
    const answer = { set: { status: 'completed' as const, result: { draft_message: 'Hi Sarah' } as never } };
    const identity = { recommendation_id: ID, tenant: 'acme', lead_id: 'LD-1' };
    const nothing = () => ({ result: undefined });
    const whilePending = (record: VersionedRecommendation) => record.status === 'pending';

    it("is written by the record's first change once the record is stored, before that change is decided", async () => {
      const store = fakeStore();
      store.erase();
      await expect(store.versions.claimAhead(identity, answer, whilePending)).resolves.toBe(true);
      expect(store.stored()).toBeNull();

      store.storePending();
      const seen: number[] = [];
      await store.versions.change('acme', ID, (record) => {
        seen.push(record!.version);
        return nothing();
      });
      expect(seen).toEqual([0, 1]);
      expect(store.stored()).toMatchObject({ status: 'completed', version: 1 });
    });

    it('is written at once when the record was stored between the claim and the look for it', async () => {
      const store = fakeStore();
      store.storePending();
      await expect(store.versions.claimAhead(identity, answer, whilePending)).resolves.toBe(true);
      expect(store.stored()).toMatchObject({ status: 'completed', version: 1 });
    });

    it("is written with the lead's texts erased on a record stored erased", async () => {
      const store = fakeStore();
      store.storePending({ erased_at: new Date() });
      await store.versions.claimAhead(identity, answer, whilePending);
      expect(store.stored()).toMatchObject({ status: 'completed', result: { draft_message: '[erased]' }, version: 1 });
    });

    it("is refused when the record's first change was claimed already", async () => {
      const store = fakeStore();
      store.storePending();
      store.claimElsewhere({ lifecycle: 'pending_review' });
      await expect(store.versions.claimAhead(identity, answer, whilePending)).resolves.toBe(false);
      expect(store.stored()).toMatchObject({ status: 'pending', version: 0 });
    });
    it('is let go when the record was stored with that very answer meanwhile: nothing left for its next change', async () => {
      const store = fakeStore();
      store.storePending({ status: 'completed' });
      await expect(store.versions.claimAhead(identity, answer, whilePending)).resolves.toBe(true);
      expect(store.claimed(1)).toBeUndefined();
      expect(store.stored()).toMatchObject({ status: 'completed', version: 0 });
    });

    it("is written by a later change without the lead's texts when the record was stored erased", async () => {
      const store = fakeStore();
      store.erase();
      await store.versions.claimAhead(identity, answer, whilePending);
      store.storePending({ erased_at: new Date() });
      await store.versions.change('acme', ID, nothing);
      expect(store.stored()).toMatchObject({ status: 'completed', result: { draft_message: '[erased]' }, version: 1 });
    });
  });
});
