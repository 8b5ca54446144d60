import { chainRecord, ChainedRecord, EMPTY_CHAIN, UnchainedRecord } from '../chain/audit-chain';
import { describeProgress } from './replay-progress';
import { countByTenant, ReplayCollector, replayFilterOf, toNdjsonLine } from './replay-selection';

function chain(tenant: string, times: string[], lead = 'LD-1'): ChainedRecord[] {
  let head = EMPTY_CHAIN;
  return times.map((recordedAt, index) => {
    const record = chainRecord(
      {
        record_version: 1,
        tenant,
        event_id: `${tenant}-${index}`,
        source_topic: 't',
        event_type: 'lead.upserted',
        action: 'lead.upserted',
        occurred_at: recordedAt,
        recorded_at: recordedAt,
        lead_id: index % 2 === 0 ? lead : 'LD-other',
        actor: { kind: 'service', id: 'gateway' },
        payload: {},
      } as UnchainedRecord,
      head,
    );
    head = record;
    return record;
  });
}

describe('replayFilterOf', () => {
  it('normalises the window and refuses a bad one', () => {
    expect(replayFilterOf({ from: '2026-04-20', to: '2026-04-21T00:00:00+02:00', lead: 'LD-1' })).toEqual({
      from: '2026-04-20T00:00:00.000Z',
      to: '2026-04-20T22:00:00.000Z',
      tenant: undefined,
      lead: 'LD-1',
    });
    expect(() => replayFilterOf({})).toThrow('--from <time> is required');
    expect(() => replayFilterOf({ from: 'yesterday' })).toThrow('ISO 8601');
    expect(() => replayFilterOf({ from: '2026-04-21', to: '2026-04-20' })).toThrow('later');
    expect(() => replayFilterOf({ from: '2026-04-21', tenant: true })).toThrow('--tenant needs a value');
  });
});

describe('ReplayCollector', () => {
  const acme = chain('acme', ['2026-04-20T10:00:00.000Z', '2026-04-20T11:00:00.000Z', '2026-04-20T12:00:00.000Z']);
  const globex = chain('globex', ['2026-04-20T10:30:00.000Z', '2026-04-20T11:30:00.000Z']);

  it('orders by tenant then sequence whatever the arrival order, and keeps one copy of a republished record', () => {
    const collector = new ReplayCollector(replayFilterOf({ from: '2026-04-20T00:00:00Z' }));
    const arrivals = [acme[2], globex[1], acme[0], globex[0], acme[1], acme[0]].map((record) => JSON.parse(JSON.stringify(record)));
    const outcomes = arrivals.map((record) => collector.offer(record));
    expect(outcomes).toEqual(['matched', 'matched', 'matched', 'matched', 'matched', 'duplicate']);
    expect(collector.sorted().map((record) => `${record.tenant}:${record.sequence}`)).toEqual([
      'acme:1',
      'acme:2',
      'acme:3',
      'globex:1',
      'globex:2',
    ]);
    expect(countByTenant(collector.sorted())).toEqual({ acme: 3, globex: 2 });
  });

  it('filters by recorded time [from, to), tenant and lead, and refuses what is not an audit record', () => {
    const collector = new ReplayCollector(replayFilterOf({ from: '2026-04-20T11:00:00Z', to: '2026-04-20T12:00:00Z', tenant: 'acme' }));
    expect([...acme, ...globex].map((record) => collector.offer(record))).toEqual([
      'filtered',
      'matched',
      'filtered',
      'filtered',
      'filtered',
    ]);
    const byLead = new ReplayCollector(replayFilterOf({ from: '2026-04-20T00:00:00Z', lead: 'LD-1' }));
    expect(acme.map((record) => byLead.offer(record))).toEqual(['matched', 'filtered', 'matched']);
    expect(byLead.offer({ tenant: 'acme' })).toBe('invalid');
    expect(byLead.offer('text')).toBe('invalid');
    expect(byLead.offer({ ...acme[0], hash: 'nope' })).toBe('invalid');
  });

  it('writes the same bytes for the same record in any key order', () => {
    const reordered = Object.fromEntries(Object.entries(acme[0]).reverse()) as unknown as ChainedRecord;
    expect(toNdjsonLine(reordered)).toBe(toNdjsonLine(acme[0]));
    expect(toNdjsonLine(acme[0]).endsWith('}\n')).toBe(true);
  });
});

describe('describeProgress', () => {
  it('shows counts, rate and how far each partition is', () => {
    const line = describeProgress(
      {
        read: 50,
        matched: 20,
        elapsedMs: 2000,
        readByPartition: new Map([
          [0, 40],
          [1, 10],
        ]),
      },
      [
        { partition: 0, start: 0, end: 40 },
        { partition: 1, start: 100, end: 200 },
      ],
    );
    expect(line).toBe('replay: 50/140 messages (35.7%), 20 matched, 25 msg/s; partitions 0 100.0% 1 10.0%');
  });
});
