import { PinoLogger } from 'nestjs-pino';
import { EventEnvelope } from '@followup/contracts';
import { ChainHead, EMPTY_CHAIN, verifyChain } from '../chain/audit-chain';
import { AuditRecordPublisher } from './audit-record-publisher';
import { AuditRecordRepository, StoredAuditRecord } from './audit-record.repository';
import { DraftTextRepository } from './draft-text.repository';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';

/** The chain store with the unique (tenant, sequence) and event_id indexes, counting the reads it serves. */
class InMemoryAuditRecords {
  readonly records: StoredAuditRecord[] = [];
  headReads = 0;

  async findByEventId(eventId: string) {
    return this.records.find((record) => record.event_id === eventId) ?? null;
  }

  async currentHead(tenant: string): Promise<ChainHead> {
    this.headReads += 1;
    const last = this.chain(tenant).at(-1);
    return last ? { sequence: last.sequence, hash: last.hash } : EMPTY_CHAIN;
  }

  async insert(record: StoredAuditRecord): Promise<'inserted' | 'taken'> {
    const taken = this.records.some(
      (other) => other.event_id === record.event_id || (other.tenant === record.tenant && other.sequence === record.sequence),
    );
    if (taken) return 'taken';
    this.records.push({ ...record });
    return 'inserted';
  }

  async advanceHead(): Promise<void> {}

  chain(tenant: string) {
    return this.records.filter((record) => record.tenant === tenant).sort((a, b) => a.sequence - b.sequence);
  }
}

function event(index: number): EventEnvelope<object> {
  return {
    event_id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    event_type: 'notification.requested',
    event_version: 1,
    occurred_at: '2026-04-20T10:00:00Z',
    request_id: `req-${index}`,
    tenant: 'acme',
    producer: 'gateway',
    actor: { kind: 'service', id: 'gateway' },
    payload: { kind: 'low_confidence', recipient_role: 'sales_rep', lead_id: 'LD-1', message: 'needs data' },
  };
}

function writer(store: InMemoryAuditRecords) {
  const published: string[] = [];
  const publisher = {
    publish: async (record: StoredAuditRecord) => {
      published.push(record.event_id);
      const stored = await store.findByEventId(record.event_id);
      if (stored) stored.outbox_pending = false;
      return true;
    },
  } as unknown as AuditRecordPublisher;
  const savedTexts: string[] = [];
  const drafts = {
    saveAll: async (texts: { event_id: string; kind: string }[]) =>
      void savedTexts.push(...texts.map((text) => `${text.kind} of ${text.event_id}`)),
  } as unknown as DraftTextRepository;
  const logger = { setContext: () => undefined, debug: () => undefined } as unknown as PinoLogger;
  const useCase = new RecordAuditEventUseCase(store as unknown as AuditRecordRepository, drafts, publisher, logger);
  return { useCase, published, savedTexts };
}

describe('RecordAuditEventUseCase', () => {
  it('keeps the texts of an event once: a redelivery after its record was appended stores none (an erased text stays erased)', async () => {
    const store = new InMemoryAuditRecords();
    const { useCase, savedTexts } = writer(store);
    expect(await useCase.execute('topic', event(1))).toBeDefined();
    expect(await useCase.execute('topic', event(1))).toBeUndefined();
    expect(savedTexts).toEqual([`message of ${event(1).event_id}`]);
  });

  it('appends after its own last record without reading the head again', async () => {
    const store = new InMemoryAuditRecords();
    const { useCase } = writer(store);
    for (let index = 1; index <= 5; index += 1) await useCase.execute('topic', event(index));
    expect(store.headReads).toBe(1);
    expect(store.chain('acme').map((record) => record.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(verifyChain('acme', store.chain('acme'))).toBeUndefined();
  });

  it('reads the head again when another writer took the next position, and the chain stays linear', async () => {
    const store = new InMemoryAuditRecords();
    const first = writer(store);
    const second = writer(store);
    await first.useCase.execute('topic', event(1));
    await second.useCase.execute('topic', event(2));
    await first.useCase.execute('topic', event(3));
    await second.useCase.execute('topic', event(4));
    expect(store.chain('acme').map((record) => `${record.sequence}:${record.request_id}`)).toEqual([
      '1:req-1',
      '2:req-2',
      '3:req-3',
      '4:req-4',
    ]);
    expect(verifyChain('acme', store.chain('acme'))).toBeUndefined();
  });

  it('records a redelivered event once, and publishes it again only if its publication was not confirmed', async () => {
    const store = new InMemoryAuditRecords();
    const { useCase, published } = writer(store);
    const appended = await useCase.execute('topic', event(1));
    expect(appended?.sequence).toBe(1);
    expect(await useCase.execute('topic', event(1))).toBeUndefined();
    expect(published).toEqual([event(1).event_id]);
    store.records[0].outbox_pending = true;
    expect(await useCase.execute('topic', event(1))).toBeUndefined();
    expect(published).toEqual([event(1).event_id, event(1).event_id]);
    expect(store.records).toHaveLength(1);
  });
});
