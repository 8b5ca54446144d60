import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecommendationGeneratedEvent, Topics } from '@followup/contracts';
import { bytesOf, createEvent, EventPublisher, OutgoingMessage } from '@followup/messaging';
import { AuditChainConsumer } from '../../apps/audit/src/audit-trail/audit-chain.consumer';
import { verifyAuditChains } from '../../apps/audit/src/verify/verify-audit-chains';
import { replayAuditSince } from '../support/audit-replay';
import { eventually, TestStack } from '../support/stack';

/**
 * A backlog of one tenant's events, built up while the audit service was stopped, larger than the broker takes in one
 * record batch (`message.max.bytes`, 1 MiB by default): the service, started again, chains and publishes all of it.
 * kafkajs puts a partition's messages of one `sendBatch` in one record batch, and every record of a tenant goes to its
 * one partition of the audit topic; before EventPublisher cut what it sends at once into sends of MAX_SEND_BYTES, the
 * chain's publish of such a backlog was refused, and retried the same send forever.
 */
const stack = new TestStack({ audit: { AUDIT_CHECKPOINT_INTERVAL_MS: 3_600_000 } });
const TENANT = 'backlog-co';
const BACKLOG = 2_000;
const BROKER_MAX_BATCH_BYTES = 1_048_576;
const testStarted = new Date(Date.now() - 1000).toISOString();

const records = () => stack.database('audit').collection('audit_records');

/**
 * The payload of a recommendation the deterministic engine generated, as a run of the stack stored its audit record
 * (bench/fixtures), with texts where the record keeps their digests: about 2 kB an event, 3 kB a chained record.
 */
const GENERATED = JSON.parse(readFileSync(join(__dirname, '../../bench/fixtures/audit-record-generated.json'), 'utf8')).payload;

/** A recommendation generated for `index`'s lead. */
function generated(index: number): { key: string; value: string } {
  const event = createEvent(
    RecommendationGeneratedEvent,
    'recommender',
    { request_id: `${TENANT}-${index}`, tenant: TENANT, actor: { kind: 'service', id: 'recommender' } },
    {
      ...GENERATED,
      recommendation_id: randomUUID(),
      lead_id: `LD-${index}`,
      result: { ...GENERATED.result, draft_message: `Hello, following up on your demo (${index}).`, reasoning_summary: 'Replies by SMS.' },
    },
  );
  return { key: `LD-${index}`, value: JSON.stringify(event) };
}

/** The most bytes one topic-partition key receives in one send, as the broker counts a record batch (bytesOf). */
function largestPerKey(messages: readonly OutgoingMessage[]): number {
  const byKey = new Map<string, number>();
  for (const message of messages) {
    const key = `${message.topic} ${message.key}`;
    byKey.set(key, (byKey.get(key) ?? 0) + bytesOf(message));
  }
  return Math.max(0, ...byKey.values());
}

afterAll(async () => {
  jest.restoreAllMocks();
  await stack.close();
});

it('a backlog of more than a megabyte for one tenant is chained and published in full once the service is back', async () => {
  await stack.start(['audit']);
  await stack.app('audit').get(AuditChainConsumer).joined;
  const first = generated(0);
  await stack.produceRaw(Topics.RecommendationGenerated, first.value, first.key);
  await eventually(async () => ((await records().countDocuments({ tenant: TENANT })) === 1 ? true : undefined), 60_000);
  await stack.stopService('audit');

  for (let from = 1; from <= BACKLOG; from += 500) {
    const chunk = Array.from({ length: Math.min(500, BACKLOG + 1 - from) }, (_, offset) => generated(from + offset));
    await Promise.all(chunk.map(({ key, value }) => stack.produceRaw(Topics.RecommendationGenerated, value, key)));
  }

  // what the service hands its publisher at once, per partition key: the backlog is the case the cut exists for
  let largestPublish = 0;
  const publisher = EventPublisher.prototype as unknown as { sendBatch: (messages: OutgoingMessage[]) => Promise<void> };
  const sendBatch = publisher.sendBatch;
  jest.spyOn(publisher, 'sendBatch').mockImplementation(function (this: EventPublisher, messages: OutgoingMessage[]) {
    largestPublish = Math.max(largestPublish, largestPerKey(messages));
    return sendBatch.call(this, messages);
  });
  await stack.startService('audit');
  await eventually(async () => ((await records().countDocuments({ tenant: TENANT })) === BACKLOG + 1 ? true : undefined), 240_000);
  await stack.consumedUpToNow(stack.consumerGroupFor('audit', Topics.AuditChainInput), [Topics.AuditChainInput], 120_000);

  console.info(`audit backlog: ${BACKLOG} events, the largest publish for one partition key ${largestPublish} bytes`);
  expect(largestPublish).toBeGreaterThan(BROKER_MAX_BATCH_BYTES);
  const chain = await records()
    .find({ tenant: TENANT }, { projection: { _id: 0, sequence: 1, event_type: 1 } })
    .sort({ sequence: 1 })
    .toArray();
  expect(chain.map(({ sequence }) => sequence)).toEqual(Array.from({ length: BACKLOG + 1 }, (_, index) => index + 1));
  // each the recommendation it records, none a dead letter
  expect(new Set(chain.map(({ event_type }) => event_type))).toEqual(new Set(['recommendation.generated']));
  expect((await verifyAuditChains(stack.database('audit'), { tenant: TENANT }))[0]).toMatchObject({
    records: BACKLOG + 1,
    break: undefined,
  });
  // every chained record reached the audit topic, which analysts replay
  const replayed = await replayAuditSince(stack, 'audit-backlog-replay', testStarted);
  expect(replayed.complete).toBe(true);
  expect(replayed.byTenant[TENANT]).toBe(BACKLOG + 1);
}, 420_000);
