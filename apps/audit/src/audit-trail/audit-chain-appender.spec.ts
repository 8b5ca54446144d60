import { ChainHead, EMPTY_CHAIN, verifyChain } from '../chain/audit-chain';
import { AuditChainAppender } from './audit-chain-appender';
import { AuditRecordRepository, StoredAuditRecord } from './audit-record.repository';
import { notificationToChain } from './record-to-chain.fixture';

/** The chain store with the unique (tenant, sequence) and event_id indexes and an ordered insertMany, counting commands. */
class InMemoryAuditRecords {
  readonly records: StoredAuditRecord[] = [];
  readonly heads = new Map<string, ChainHead>();
  readonly commands = { headReads: 0, inserts: 0, eventReads: 0, headUpdates: 0 };

  async currentHead(tenant: string): Promise<ChainHead> {
    this.commands.headReads += 1;
    const last = this.chain(tenant).at(-1);
    return last ? { sequence: last.sequence, hash: last.hash } : EMPTY_CHAIN;
  }

  async insertInOrder(records: StoredAuditRecord[]): Promise<number> {
    this.commands.inserts += 1;
    for (const [index, record] of records.entries()) {
      const taken = this.records.some(
        (other) => other.event_id === record.event_id || (other.tenant === record.tenant && other.sequence === record.sequence),
      );
      if (taken) return index;
      this.records.push({ ...record });
    }
    return records.length;
  }

  async findByEventIds(eventIds: string[]) {
    this.commands.eventReads += 1;
    return this.records.filter((record) => eventIds.includes(record.event_id));
  }

  async findByEventId(eventId: string) {
    return this.records.find((record) => record.event_id === eventId) ?? null;
  }

  async advanceHeads(heads: (ChainHead & { tenant: string })[]): Promise<number> {
    this.commands.headUpdates += 1;
    let unmoved = 0;
    for (const { tenant, sequence, hash } of heads) {
      if ((this.heads.get(tenant)?.sequence ?? 0) >= sequence) unmoved += 1;
      else this.heads.set(tenant, { sequence, hash });
    }
    return unmoved;
  }

  chain(tenant: string) {
    return this.records.filter((record) => record.tenant === tenant).sort((a, b) => a.sequence - b.sequence);
  }
}

const record = (tenant: string, index: number) => notificationToChain(tenant, `${tenant}-event-${index}`, `req-${index}`);

const appenderOn = (store: InMemoryAuditRecords) => new AuditChainAppender(store as unknown as AuditRecordRepository);
const positions = (store: InMemoryAuditRecords, tenant: string) =>
  store.chain(tenant).map((stored) => `${stored.sequence}:${stored.request_id}`);

describe('AuditChainAppender', () => {
  it('chains a batch of several tenants with one insert and one head update, reading each head once', async () => {
    const store = new InMemoryAuditRecords();
    const appender = appenderOn(store);
    const outcome = await appender.appendBatch([record('acme', 1), record('globex', 1), record('acme', 2), record('acme', 3)]);
    expect(outcome).toMatchObject({ recordedBefore: [], positionConflicts: 0, headConflicts: 0 });
    expect(outcome.appended.map((stored) => `${stored.tenant}:${stored.sequence}`)).toEqual(['acme:1', 'globex:1', 'acme:2', 'acme:3']);
    expect(store.commands).toEqual({ headReads: 2, inserts: 1, eventReads: 0, headUpdates: 1 });
    expect(store.heads.get('acme')?.sequence).toBe(3);
    expect(verifyChain('acme', store.chain('acme'))).toBeUndefined();
    expect(verifyChain('globex', store.chain('globex'))).toBeUndefined();

    await appender.appendBatch([record('acme', 4)]);
    expect(store.commands.headReads).toBe(2);
    expect(positions(store, 'acme')).toEqual(['1:req-1', '2:req-2', '3:req-3', '4:req-4']);
  });

  it('chains a redelivered event once: refused by its id, read then, and handed back as recorded before', async () => {
    const store = new InMemoryAuditRecords();
    const appender = appenderOn(store);
    await appender.appendBatch([record('acme', 1), record('acme', 2)]);
    const outcome = await appender.appendBatch([record('acme', 2), record('acme', 3), record('acme', 3)]);
    expect(outcome.appended.map((stored) => stored.event_id)).toEqual(['acme-event-3']);
    expect(outcome.recordedBefore.map((stored) => `${stored.event_id}@${stored.sequence}`)).toEqual(['acme-event-2@2']);
    expect(outcome.positionConflicts).toBe(0);
    expect(positions(store, 'acme')).toEqual(['1:req-1', '2:req-2', '3:req-3']);
    expect(verifyChain('acme', store.chain('acme'))).toBeUndefined();
  });

  it('a stale owner loses the position, reads the new head and chains after it: one linear chain, never a fork', async () => {
    const store = new InMemoryAuditRecords();
    const stale = appenderOn(store);
    const owner = appenderOn(store);
    await stale.appendBatch([record('acme', 1)]);
    await owner.appendBatch([record('acme', 2), record('acme', 3)]);
    const outcome = await stale.appendBatch([record('acme', 4), record('acme', 5)]);
    expect(outcome.positionConflicts).toBe(1);
    expect(outcome.appended.map((stored) => stored.sequence)).toEqual([4, 5]);
    expect(positions(store, 'acme')).toEqual(['1:req-1', '2:req-2', '3:req-3', '4:req-4', '5:req-5']);
    expect(verifyChain('acme', store.chain('acme'))).toBeUndefined();
  });

  it('builds the record for the head in the database, not for the earlier head this instance appended last', async () => {
    const store = new InMemoryAuditRecords();
    const stale = appenderOn(store);
    const owner = appenderOn(store);
    await stale.appendBatch([record('acme', 1)]);
    await owner.appendBatch([record('acme', 2), record('acme', 3)]);
    const seen: number[] = [];
    const appended = await stale.appendAfterHead('acme', async (head) => {
      seen.push(head.sequence);
      return record('acme', 4);
    });
    expect(seen).toEqual([3]);
    expect(appended).toMatchObject({ sequence: 4, outbox_pending: true });
    expect(verifyChain('acme', store.chain('acme'))).toBeUndefined();
  });

  it('appends a record built for the current head, building it again after losing the position', async () => {
    const store = new InMemoryAuditRecords();
    const appender = appenderOn(store);
    const other = appenderOn(store);
    await appender.appendBatch([record('acme', 1)]);
    const seen: number[] = [];
    const appended = await appender.appendAfterHead('acme', async (head) => {
      seen.push(head.sequence);
      // another writer takes position 2 between this builder's read of the head and its insert
      if (seen.length === 1) await other.appendBatch([record('acme', 2)]);
      return record('acme', 3);
    });
    expect(seen).toEqual([1, 2]);
    expect(appended).toMatchObject({ sequence: 3, outbox_pending: true });
    expect(await appender.appendAfterHead('acme', async () => record('acme', 3))).toBeUndefined();
    expect(verifyChain('acme', store.chain('acme'))).toBeUndefined();
  });
});
