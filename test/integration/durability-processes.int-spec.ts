import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { receivedRecommendations, tallyDeliveries } from '../../scripts/delivery-evidence.cjs';
import { ProcessStack } from '../../scripts/process-stack.cjs';
import { FakeSmsProvider } from '../support/fake-sms-provider';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { SmtpTestServer } from '../support/smtp-test-server';
import { eventually, TestStack } from '../support/stack';

/**
 * Real processes from dist/, killed with SIGKILL mid-flow: every accepted request is answered, and once
 * approved reaches its lead exactly once, counted from what the stand-in SMTP server, SMS API and call-task
 * list received (the recommendation id travels in each message's idempotency key).
 */
const smtp = new SmtpTestServer();
const sms = new FakeSmsProvider();
const helper = new TestStack();
let processes: ProcessStack;
const gateway = () => processes.url('gateway');
let rep: string;

const asStrings = (settings: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, String(value)]));

beforeAll(async () => {
  await Promise.all([smtp.start(), sms.start()]);
  processes = new ProcessStack({
    env: {
      KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX!,
      MONGO_DB_PREFIX: process.env.MONGO_DB_PREFIX!,
      LOG_LEVEL: 'warn',
      // each service's own niceness, whatever the shell running the suite set
      PROCESS_NICENESS: '',
      RECOMMENDATION_REPLY_TIMEOUT_MS: '1000',
      OUTBOX_RELAY_INTERVAL_MS: '1000',
      ...asStrings(smtp.settings()),
      ...asStrings(sms.settings()),
    },
  });
  await processes.startAll();
  rep = helper.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  const crm = helper.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  for (const lead of ['LD-2048', 'LD-2049']) {
    expect((await call(gateway(), 'PUT', `/api/v1/leads/${lead}`, { token: crm, body: leadRecord() })).status).toBe(201);
  }
  // Several approvals per lead, each to be delivered now: the frequency cap (send-windows.int-spec) is turned off.
  const manager = helper.token({ sub: 'mgr-1', tenant: 'acme', roles: ['sales_manager'] });
  const { updated_by, updated_at, ...rules } = (await call(gateway(), 'GET', '/api/v1/sending-policy', { token: manager })).body;
  expect((await call(gateway(), 'PUT', '/api/v1/sending-policy', { token: manager, body: { ...rules, frequency_cap_hours: 0 } })).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await processes.stopAll();
  await Promise.all([smtp.stop(), sms.stop(), helper.close()]);
});

/** Waits until the recommender has answered every one and they await review, then approves them as the owner rep. */
async function approveWhenReady(ids: string[]): Promise<void> {
  await eventually(async () => {
    const views = await Promise.all(ids.map((id) => call(gateway(), 'GET', `/api/v1/ai/followup/recommendations/${id}`, { token: rep })));
    return views.every((view) => view.body.lifecycle === 'pending_review') ? true : undefined;
  }, 90_000);
  for (const id of ids) {
    expect((await call(gateway(), 'POST', `/api/v1/ai/followup/recommendations/${id}/approve`, { token: rep, body: {} })).status).toBe(200);
  }
}

/**
 * How many messages and call tasks each recommendation got, counted from the stand-ins once the delivery
 * service has reported every one delivered (the gateway's lifecycle says only when to count, not what).
 */
async function deliveriesPerRecommendation(ids: string[]): Promise<number[]> {
  await eventually(async () => {
    const views = await Promise.all(ids.map((id) => call(gateway(), 'GET', `/api/v1/ai/followup/recommendations/${id}`, { token: rep })));
    return views.every((view) => view.body.lifecycle === 'delivered') ? true : undefined;
  }, 90_000);
  const tasks = await call(gateway(), 'GET', '/api/v1/tasks?page_size=100', { token: rep });
  const received = receivedRecommendations({ mails: smtp.messages, sms: sms.messages, callTasks: tasks.body.items });
  const tally = tallyDeliveries({ approved: ids, received });
  expect(tally.unexplained).toEqual([]);
  return ids.map((id) => tally.countById.get(id) ?? 0);
}

/** The niceness of each thread of a process, from /proc/<pid>/task/<tid>/stat (its 19th field, after the name's parenthesis). */
function threadNiceness(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((thread) => {
    const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

it('runs compliance, delivery and audit at niceness 10 in every thread, the gateway and the recommender as started', () => {
  // the services start with this process's niceness, 0 unless the suite itself was started niced (at 10 or more the
  // three would show it whether they set it or not)
  const started = getPriority();
  const byService = Object.fromEntries(
    (['gateway', 'recommender', 'compliance', 'delivery', 'audit'] as const).map((service) => [
      service,
      [...new Set(threadNiceness(processes.pid(service)!))],
    ]),
  );
  expect(byService).toEqual({
    gateway: [started],
    recommender: [started],
    compliance: [Math.max(10, started)],
    delivery: [Math.max(10, started)],
    audit: [Math.max(10, started)],
  });
});

it('finishes every request accepted while the recommender was killed with SIGKILL, and delivers each exactly once', async () => {
  await processes.kill('recommender');
  const responses = await Promise.all(
    [1, 2, 3, 4, 5].map(() => call(gateway(), 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: SPEC_EXAMPLE_REQUEST })),
  );
  expect(responses.map((response) => response.status)).toEqual([503, 503, 503, 503, 503]);
  const accepted: string[] = responses.map((response) => response.body.error.details.recommendation_id);
  await processes.start('recommender');

  await approveWhenReady(accepted);
  expect(await deliveriesPerRecommendation(accepted)).toEqual([1, 1, 1, 1, 1]);
});

it('loses nothing when the gateway is killed with requests in flight, and delivers each exactly once', async () => {
  // The recommender is down, so no answer can come back: the gateway holds every request open, storing it
  // first, until its reply timeout, which is set far beyond the test.
  await processes.kill('recommender');
  await processes.stop('gateway');
  await processes.start('gateway', 60_000, {
    RECOMMENDATION_REPLY_TIMEOUT_MS: '600000',
    RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS: '1200000',
  });
  let answered = 0;
  const burst = [1, 2, 3, 4].map(() =>
    call(gateway(), 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-2049' } }).then(
      (response) => {
        answered += 1;
        return response;
      },
    ),
  );
  const outcomes = Promise.allSettled(burst);
  const stored = helper.database('gateway').collection('recommendation_requests');
  const accepted = await eventually(async () => {
    const records = await stored.find({ tenant: 'acme', lead_id: 'LD-2049' }).toArray();
    return records.length === 4 ? records.map((record) => record.recommendation_id as string) : undefined;
  });
  const unansweredAtKill = 4 - answered;
  await processes.kill('gateway');
  expect(unansweredAtKill).toBe(4);
  expect((await outcomes).map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);

  await processes.start('gateway');
  await processes.start('recommender');
  await approveWhenReady(accepted);
  expect(await deliveriesPerRecommendation(accepted)).toEqual([1, 1, 1, 1]);
});
