import { Writable } from 'node:stream';
import { auditHeadersOf } from '../audit-trail/audit-record-headers';
import { chainRecord, ChainedRecord, EMPTY_CHAIN, publicRecord, UnchainedRecord } from '../chain/audit-chain';
import { canonicalJson } from '@followup/config';
import { describeProgress } from './replay-progress';
import {
  countByTenant,
  InvalidReplayedRecordError,
  parseReplayedRecords,
  ReplayCollector,
  ReplayedRecord,
  replayFilterOf,
  ReplayMessage,
  writeNdjson,
} from './replay-selection';

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

/** A record as the audit service publishes it: canonical JSON, position in the headers. */
const published = (record: ChainedRecord): ReplayMessage => ({
  value: Buffer.from(canonicalJson(publicRecord(record))),
  headers: Object.fromEntries(Object.entries(auditHeadersOf(record)).map(([name, value]) => [name, Buffer.from(value)])),
});
/** A record some other producer wrote: plain JSON, in any key order, no headers. */
const headerless = (record: object): ReplayMessage => ({ value: Buffer.from(JSON.stringify(record)) });

async function ndjsonOf(records: ReplayedRecord[]): Promise<string> {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  await writeNdjson(records, sink);
  return text;
}

describe('ReplayCollector', () => {
  const acme = chain('acme', ['2026-04-20T10:00:00.000Z', '2026-04-20T11:00:00.000Z', '2026-04-20T12:00:00.000Z']);
  const globex = chain('globex', ['2026-04-20T10:30:00.000Z', '2026-04-20T11:30:00.000Z']);

  it('orders by tenant then sequence whatever the arrival order, and keeps one copy of a republished record', () => {
    const collector = new ReplayCollector(replayFilterOf({ from: '2026-04-20T00:00:00Z' }));
    const arrivals = [
      published(acme[2]),
      headerless(globex[1]),
      published(acme[0]),
      published(globex[0]),
      published(acme[1]),
      headerless(acme[0]),
    ];
    const outcomes = arrivals.map((message) => collector.offer(message));
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

  it('selects by the headers and by the parsed record alike: recorded time [from, to), tenant and lead', () => {
    for (const encode of [published, headerless]) {
      const collector = new ReplayCollector(replayFilterOf({ from: '2026-04-20T11:00:00Z', to: '2026-04-20T12:00:00Z', tenant: 'acme' }));
      expect([...acme, ...globex].map((record) => collector.offer(encode(record)))).toEqual([
        'filtered',
        'matched',
        'filtered',
        'filtered',
        'filtered',
      ]);
      const byLead = new ReplayCollector(replayFilterOf({ from: '2026-04-20T00:00:00Z', lead: 'LD-1' }));
      expect(acme.map((record) => byLead.offer(encode(record)))).toEqual(['matched', 'filtered', 'matched']);
    }
  });

  it('refuses what is not an audit record', () => {
    const collector = new ReplayCollector(replayFilterOf({ from: '2026-04-20T00:00:00Z' }));
    expect(collector.offer(headerless({ tenant: 'acme' }))).toBe('invalid');
    expect(collector.offer({ value: Buffer.from('text') })).toBe('invalid');
    expect(collector.offer({ value: null })).toBe('invalid');
    expect(collector.offer(headerless({ ...acme[0], hash: 'nope' }))).toBe('invalid');
    expect(collector.offer({ ...published(acme[0]), value: Buffer.from('"a string"') })).toBe('invalid');
    expect(collector.offer(headerless({ ...acme[0], record_version: 3 }))).toBe('invalid');
    expect(collector.size).toBe(0);
  });

  it('takes records of version 1 (free texts verbatim) and 2 (free texts as digests) alike', () => {
    const collector = new ReplayCollector(replayFilterOf({ from: '2026-04-20T00:00:00Z' }));
    const [version2] = chain('v2-co', ['2026-04-20T10:00:00.000Z']).map((record) => ({ ...record, record_version: 2 as const }));
    expect(collector.offer(headerless(acme[0]))).toBe('matched');
    expect(collector.offer(headerless(version2))).toBe('matched');
  });

  it('parses a record whose position headers are incomplete or malformed, rather than trusting them', () => {
    const collector = new ReplayCollector(replayFilterOf({ from: '2026-04-20T00:00:00Z' }));
    const malformed = { 'x-audit-tenant': Buffer.from('acme'), 'x-audit-sequence': Buffer.from('zero') };
    expect(collector.offer({ ...published(acme[0]), headers: malformed })).toBe('matched');
    expect(collector.offer({ value: Buffer.from('{"tenant":"acme"}'), headers: malformed })).toBe('invalid');
    expect(collector.sorted().map((record) => record.sequence)).toEqual([1]);
  });

  it('writes the same bytes for a record published with headers and for one re-encoded from any key order', async () => {
    const viaHeaders = new ReplayCollector(replayFilterOf({ from: '2026-04-20T00:00:00Z' }));
    const reEncoded = new ReplayCollector(replayFilterOf({ from: '2026-04-20T00:00:00Z' }));
    acme.forEach((record) => viaHeaders.offer(published(record)));
    acme.forEach((record) => reEncoded.offer(headerless(Object.fromEntries(Object.entries(record).reverse()))));
    const text = await ndjsonOf(viaHeaders.sorted());
    expect(await ndjsonOf(reEncoded.sorted())).toBe(text);
    const lines = text.split('\n');
    expect(lines.map((line) => (line ? JSON.parse(line).sequence : line))).toEqual([1, 2, 3, '']);
    // keys in code-unit order, no whitespace; the hash is the chain's, not what is under test here
    expect(lines[0]).toBe(
      `{"action":"lead.upserted","actor":{"id":"gateway","kind":"service"},"event_id":"acme-0","event_type":"lead.upserted",` +
        `"hash":"${acme[0].hash}","lead_id":"LD-1","occurred_at":"2026-04-20T10:00:00.000Z","payload":{},` +
        `"previous_hash":"${'0'.repeat(64)}","record_version":1,"recorded_at":"2026-04-20T10:00:00.000Z","sequence":1,` +
        `"source_topic":"t","tenant":"acme"}`,
    );
  });
});

describe('parseReplayedRecords', () => {
  const [first] = chain('acme', ['2026-04-20T10:00:00.000Z']);
  const collected = (message: ReplayMessage) => {
    const collector = new ReplayCollector(replayFilterOf({ from: '2026-04-20T00:00:00Z' }));
    collector.offer(message);
    return collector.sorted();
  };

  it('gives back the records as published', () => {
    expect(parseReplayedRecords(collected(published(first)))).toEqual([first]);
  });

  it('refuses a value that breaks the contract or is not the record its headers name', () => {
    const broken = { ...published(first), value: Buffer.from(canonicalJson({ ...first, hash: 'nope' })) };
    const another = { ...published(first), value: Buffer.from(canonicalJson({ ...first, sequence: 7 })) };
    expect(() => parseReplayedRecords(collected(broken))).toThrow(InvalidReplayedRecordError);
    expect(() => parseReplayedRecords(collected(another))).toThrow('acme #1');
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
