import type { INestApplication } from '@nestjs/common';
import { Admin, AssignerProtocol } from 'kafkajs';
import { NotificationRequestedEvent, Topics } from '@followup/contracts';
import { busTopic, createEvent } from '@followup/messaging';
import { AuditChainAppender, RecordToChain } from '../../apps/audit/src/audit-trail/audit-chain-appender';
import { AuditChainConsumer } from '../../apps/audit/src/audit-trail/audit-chain.consumer';
import { ChainingTotals, ChainRecordsUseCase } from '../../apps/audit/src/audit-trail/chain-records.use-case';
import { TakeCheckpointUseCase } from '../../apps/audit/src/checkpoints/take-checkpoint.use-case';
import { verifyAuditChains } from '../../apps/audit/src/verify/verify-audit-chains';
import { replayAuditSince } from '../support/audit-replay';
import { adminKafka, eventually, TestStack } from '../support/stack';

/**
 * Several audit instances share the work, and each tenant's trail is still one linear chain: the instance owning a
 * tenant's partition of the chain input chains its records, in batches. Events are spread over every partition of the
 * workflow topic (keyed by lead), each delivered twice; one instance stops mid-stream and another starts.
 */
// no scheduled checkpoint: the test takes its own
const stack = new TestStack({ audit: { AUDIT_OUTBOX_RELAY_INTERVAL_MS: 500, AUDIT_CHECKPOINT_INTERVAL_MS: 3_600_000 } });
const TENANTS = ['alpha-co', 'bravo-co', 'charlie-co', 'delta-co', 'echo-co', 'foxtrot-co', 'golf-co', 'hotel-co'];
const testStarted = new Date(Date.now() - 1000).toISOString();
let second: INestApplication;
let admin: Admin;

const records = () => stack.database('audit').collection('audit_records');
const chainGroup = () => stack.consumerGroupFor('audit', Topics.AuditChainInput);
const totalsOf = (app: INestApplication): ChainingTotals => app.get(ChainRecordsUseCase).totals;

/** Members of the chain group holding partitions of the chain input, once the group is stable. */
async function chainOwners(): Promise<number> {
  const [group] = (await admin.describeGroups([chainGroup()])).groups;
  if (group?.state !== 'Stable') return 0;
  return group.members.filter(
    (member) =>
      (AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[busTopic(stack.environment, Topics.AuditChainInput)]
        ?.length ?? 0) > 0,
  ).length;
}

const ownersToBe = (count: number) => eventually(async () => ((await chainOwners()) === count ? true : undefined), 60_000);

/** `count` notifications per tenant, numbered from `from`; each goes out twice, keyed by its lead. */
async function drive(from: number, count: number): Promise<void> {
  const messages = TENANTS.flatMap((tenant) =>
    Array.from({ length: count }, (_, offset) => {
      const index = from + offset;
      const event = createEvent(
        NotificationRequestedEvent,
        'gateway',
        { request_id: `${tenant}-${index}`, tenant, actor: { kind: 'service', id: 'gateway' } },
        { kind: 'low_confidence', recipient_role: 'sales_rep', lead_id: `LD-${index}`, message: 'A recommendation needs more lead data.' },
        `${tenant}-${index}`,
      );
      return [0, 1].map(() => ({ value: JSON.stringify(event), key: `LD-${index}` }));
    }),
  ).flat();
  // the first send connects the test's producer; the rest go out together
  await stack.produceRaw(Topics.NotificationRequested, messages[0].value, messages[0].key);
  await Promise.all(messages.slice(1).map(({ value, key }) => stack.produceRaw(Topics.NotificationRequested, value, key)));
}

/** Every tenant holds `perTenant` records and the chain group has chained and published everything handed over. */
async function chainedUpTo(perTenant: number): Promise<void> {
  await eventually(async () => {
    const counts = await Promise.all(TENANTS.map((tenant) => records().countDocuments({ tenant })));
    return counts.every((count) => count === perTenant) ? true : undefined;
  }, 90_000);
  await stack.consumedUpToNow(stack.consumerGroup('audit'), [Topics.NotificationRequested], 60_000);
  await stack.consumedUpToNow(chainGroup(), [Topics.AuditChainInput], 60_000);
}

const sum = (totals: ChainingTotals[], field: keyof ChainingTotals) => totals.reduce((total, each) => total + each[field], 0);

beforeAll(async () => {
  admin = adminKafka('audit-instances-it').admin();
  await admin.connect();
  await stack.start(['audit']);
  second = await stack.startExtraInstance('audit');
  await Promise.all([stack.app('audit'), second].map((app) => app.get(AuditChainConsumer).joined));
  await ownersToBe(2);
}, 90_000);

afterAll(async () => {
  await admin.disconnect();
  await stack.close();
});

it('two instances each chain their tenants in batches, without one conflict over a head', async () => {
  await drive(1, 25);
  await chainedUpTo(25);
  const [first, other] = [totalsOf(stack.app('audit')), totalsOf(second)];
  // both instances took part, and together they chained each event once
  expect(first.appended).toBeGreaterThan(0);
  expect(other.appended).toBeGreaterThan(0);
  expect(first.appended + other.appended).toBe(TENANTS.length * 25);
  expect(sum([first, other], 'positionConflicts')).toBe(0);
  expect(sum([first, other], 'headConflicts')).toBe(0);
  // more than one record per insert: the batches are real
  expect(first.appended + other.appended).toBeGreaterThan(first.batches + other.batches);
}, 120_000);

it('one instance stops mid-stream, another starts: every tenant keeps one linear chain, nothing lost, nothing doubled', async () => {
  const stopping = totalsOf(stack.app('audit'));
  const midStream = drive(26, 25);
  await eventually(async () => ((await records().countDocuments({ tenant: { $in: TENANTS } })) > TENANTS.length * 30 ? true : undefined));
  await stack.stopService('audit');
  await midStream;
  await stack.startService('audit');
  await drive(51, 10);
  await chainedUpTo(60);

  const all = [stopping, totalsOf(second), totalsOf(stack.app('audit'))];
  expect(sum(all, 'appended')).toBe(TENANTS.length * 60);
  // the figures docs/PROOF.md quotes: per instance, batches, records chained, redelivered events found chained, conflicts
  console.info(`audit instances: ${JSON.stringify(all)}`);
  for (const tenant of TENANTS) {
    const chain = await records().find({ tenant }).sort({ sequence: 1 }).toArray();
    expect(chain.map((record) => record.sequence)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    expect(new Set(chain.map((record) => record.request_id)).size).toBe(60);
  }
  const reports = await verifyAuditChains(stack.database('audit'));
  expect(
    reports
      .filter((report) => TENANTS.includes(report.tenant))
      .map(({ tenant, records: count, break: broken }) => ({ tenant, count, broken })),
  ).toEqual(TENANTS.map((tenant) => ({ tenant, count: 60, broken: undefined })));

  // the audit topic holds every record once per position (a republished copy is identical), and nothing else
  const replayed = await replayAuditSince(stack, 'audit-instances-replay', testStarted);
  expect(replayed.complete).toBe(true);
  expect(Object.fromEntries(TENANTS.map((tenant) => [tenant, replayed.byTenant[tenant]]))).toEqual(
    Object.fromEntries(TENANTS.map((tenant) => [tenant, 60])),
  );
}, 240_000);

/** A notification to chain for `tenant`, named `name` (its event and request id). */
const recordToChain = (tenant: string, name: string): RecordToChain => ({
  record_version: 1,
  tenant,
  event_id: name,
  source_topic: Topics.NotificationRequested,
  event_type: 'notification.requested',
  action: 'notification.low_confidence',
  occurred_at: new Date().toISOString(),
  request_id: name,
  actor: { kind: 'service', id: 'gateway' },
  payload: { kind: 'low_confidence' },
});

it('two writers racing for one tenant on this database: each position is won once, the loser chains after the winner', async () => {
  const writers = [stack.app('audit'), second].map((app) => app.get(AuditChainAppender));
  const tenant = 'race-co';
  const record = (name: string) => recordToChain(tenant, `race-${name}`);
  let conflicts = 0;
  for (let round = 0; round < 20; round += 1) {
    const outcomes = await Promise.all(
      writers.map((writer, index) => writer.appendBatch(Array.from({ length: 5 }, (_, item) => record(`${round}-${index}-${item}`)))),
    );
    conflicts += outcomes.reduce((total, outcome) => total + outcome.positionConflicts, 0);
  }
  const chain = await records().find({ tenant }).sort({ sequence: 1 }).toArray();
  expect(chain.map((stored) => stored.sequence)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
  expect(new Set(chain.map((stored) => stored.event_id)).size).toBe(200);
  expect((await verifyAuditChains(stack.database('audit'), { tenant }))[0]).toMatchObject({ records: 200, break: undefined });
  // the race was real: writers lost positions and chained after the winner instead of forking
  expect(conflicts).toBeGreaterThan(0);
}, 120_000);

it('an instance not chaining the tenant checkpoints the head the owner has moved on to since its last checkpoint there', async () => {
  const tenant = 'checkpoint-co';
  const owner = stack.app('audit').get(AuditChainAppender);
  const checkpointer = second.get(TakeCheckpointUseCase);
  const analyst = { kind: 'user', id: 'analyst-1', role: 'analyst' } as const;
  await owner.appendBatch([1, 2, 3].map((index) => recordToChain(tenant, `checkpoint-co-${index}`)));
  const earlier = await checkpointer.execute({ tenant, actor: analyst });
  expect({ created: earlier?.created, signed: earlier?.checkpoint.sequence, at: earlier?.record.sequence }).toEqual({
    created: true,
    signed: 3,
    at: 4,
  });

  await owner.appendBatch([5, 6].map((index) => recordToChain(tenant, `checkpoint-co-${index}`)));
  const later = await checkpointer.execute({ tenant, actor: analyst });
  const head = await stack.database('audit').collection('audit_chain_heads').findOne({ tenant });
  // records 5 and 6 follow the checkpoint at 4: the new checkpoint signs 6 and is chained at 7
  expect({ created: later?.created, signed: later?.checkpoint.sequence, at: later?.record.sequence }).toEqual({
    created: true,
    signed: 6,
    at: 7,
  });
  expect(head?.sequence).toBe(7);
  expect((await verifyAuditChains(stack.database('audit'), { tenant }))[0]).toMatchObject({ records: 7, checkpoints: 2, break: undefined });
}, 60_000);
