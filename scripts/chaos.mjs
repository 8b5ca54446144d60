// `npm run chaos [-- --short] [--instances <n>] [--duration <s>] [--rate <requests/s>] [--no-build] [--keep]`
//
// Under a steady stream of recommendation requests and approvals, kills each service in turn with SIGKILL
// (the delivery service while a send is under way and SMS sends wait for their send window; in the full run
// also the Kafka broker once), at fixed times whether or not the services killed before are back yet, restarts
// it, moves delivery's clock to the window's opening, lets the system drain, then counts what reached the leads
// from the stand-ins' own records: the SMTP server's messages, the SMS API's requests and the call-task list, each
// matched to its approval by the recommendation id in the message's idempotency key (scripts/delivery-evidence.cjs).
// Exits non-zero on a lost request, an approval delivered twice or never, a message naming no approved
// recommendation, or a send handed to a person that was not in flight at a kill or came without a notification to
// the rep.
// --instances <n> runs n processes of every service (one consumer group per service, each process its own instance
// id and port; the load goes to the gateway instances in turn, skipping one that is down, as a load balancer
// would), and each kill takes one instance (the instances in turn), so the others carry on. With more than one
// instance the short run kills one instance of each of the five services. Every run also times each recommendation
// request: one told to retry (503) after the reply timeout although its answer was recorded at least
// ROUTING_MARGIN_MS before that timeout ran out waited because the answer went to another instance, and fails the run.
// The tenant's audit chain is verified at the end (GET /api/v1/audit/verification); a chain that does not verify fails the run.
// --keep leaves the databases and topics for inspection.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { deletePrefixedTopics } from './cleanup.mjs';
import { compiled, infra, parseFlags, ROOT, run, say } from './lib.mjs';

const require = createRequire(import.meta.url);
const { ProcessStack } = require('./process-stack.cjs');
const { receivedRecommendations, tallyDeliveries } = require('./delivery-evidence.cjs');

const flags = parseFlags(process.argv.slice(2));
const SHORT = Boolean(flags.short);
const INSTANCES = Number(flags.instances ?? 1);
if (!Number.isInteger(INSTANCES) || INSTANCES < 1) throw new Error('--instances takes a whole number ≥ 1');
const DURATION_S = Number(flags.duration ?? (SHORT ? 24 : 75));
const RATE = Number(flags.rate ?? (SHORT ? 2 : 4));
const DRAIN_TIMEOUT_MS = (SHORT ? 150 : 240) * 1000;
const KILLS = !SHORT
  ? ['recommender', 'compliance', 'delivery', 'audit', 'gateway', 'kafka']
  : INSTANCES > 1
    ? ['recommender', 'compliance', 'delivery', 'audit', 'gateway']
    : ['recommender', 'compliance', 'delivery'];
const REPLY_TIMEOUT_MS = 3000;
/** An answer recorded this long before the reply timeout ran out should have reached the waiting request. */
const ROUTING_MARGIN_MS = 1000;
const LEADS = 12;
/** How long the stand-ins keep each send's answer back, as real providers do: a kill then finds sends under way. */
const PROVIDER_LATENCY_MS = 250;

const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const env = {
  KAFKA_TOPIC_PREFIX: `chaos-${runId}.`,
  MONGO_DB_PREFIX: `chaos_${runId}_`,
  LOG_LEVEL: 'warn',
  RECOMMENDATION_REPLY_TIMEOUT_MS: String(REPLY_TIMEOUT_MS),
  OUTBOX_RELAY_INTERVAL_MS: '1000',
  AUDIT_OUTBOX_RELAY_INTERVAL_MS: '1000',
  RATE_LIMIT_MAX_REQUESTS: '1000000',
  ADDRESS_RATE_LIMIT_MAX_REQUESTS: '1000000',
  NODE_ENV: 'test',
  SMS_TIMEOUT_MS: '3000',
};
if (KILLS.includes('kafka') && process.env.KAFKA_BROKERS) {
  // scripts/infra starts the project's broker again only when KAFKA_BROKERS names none: killed, it would stay down
  say("the full run kills the project's Kafka broker and starts it again through scripts/infra: unset KAFKA_BROKERS");
  process.exit(2);
}
if (infra('up') !== 0) process.exit(1);
if (!flags['no-build'] && run('npm', ['run', '-s', 'build']) !== 0) process.exit(1);
const { validateEnvironment, databaseName } = await compiled('libs/config/src/index.js');
const { signDevelopmentToken } = await compiled('libs/auth/src/index.js');
const { Topics } = await compiled('libs/contracts/src/index.js');
const { busTopic, kafkaClientConfig } = await compiled('libs/messaging/src/index.js');

/**
 * The test suite's stand-ins (test/support), compiled with the suite's swc settings, so the chaos run and the
 * tests count against the same SMTP server and SMS API. What they import from the project comes from dist/.
 */
function testSupport(name) {
  const { transformFileSync } = require('@swc/core');
  const { code } = transformFileSync(join(ROOT, 'test/support', `${name}.ts`), {
    ...JSON.parse(readFileSync(join(ROOT, '.swcrc'), 'utf8')),
    swcrc: false,
    sourceMaps: false,
  });
  const dir = join(ROOT, '.infra/run/chaos-support');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.cjs`);
  writeFileSync(file, code.replaceAll('require("../../', `require(${JSON.stringify(`${join(ROOT, 'dist')}/`).slice(0, -1)}`));
  return require(file);
}
const { SmtpTestServer } = testSupport('smtp-test-server');
const { FakeSmsProvider } = testSupport('fake-sms-provider');
const smtp = new SmtpTestServer();
const sms = new FakeSmsProvider();
await Promise.all([smtp.start(), sms.start()]);
smtp.delayAcceptance(PROVIDER_LATENCY_MS);
sms.hangEveryRequest(PROVIDER_LATENCY_MS);
const stringSettings = (settings) => Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, String(value)]));
Object.assign(env, stringSettings(smtp.settings()), stringSettings(sms.settings()));

const environment = validateEnvironment({ ...process.env, ...env });
// Delivery runs on a clock the run moves (tests only): SMS sends wait for a window that opens two hours from
// now, as scheduled jobs, until the drain moves the clock there.
const clockFile = join(ROOT, '.infra/run', `chaos-${runId}-clock`);
writeFileSync(clockFile, '0');
const smsWindowOpens = new Date();
smsWindowOpens.setUTCHours(smsWindowOpens.getUTCHours() + 2, 0, 0, 0);
const windowStart = `${String(smsWindowOpens.getUTCHours()).padStart(2, '0')}:00`;
const smsWindow = {
  start: windowStart,
  end: windowStart === '23:00' ? '23:59' : `${String(smsWindowOpens.getUTCHours() + 1).padStart(2, '0')}:00`,
  days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
};
const stack = new ProcessStack({
  env,
  instances: INSTANCES,
  serviceEnv: { delivery: { TEST_CLOCK_FILE: clockFile, SCHEDULER_POLL_INTERVAL_MS: '500' } },
  logDir: join(ROOT, '.infra/logs', `chaos-${runId}`),
});
/** The k-th kill (0-based) of a service takes its instances in turn. */
const killed = (target, index) => (target === 'kafka' ? target : stack.instances(target)[index % INSTANCES]);
const KILL_TARGETS = KILLS.map(killed);
say(
  `chaos run ${runId}: ${SHORT ? 'short' : 'full'}, ${INSTANCES} instance(s) of every service, ${DURATION_S} s at ${RATE} requests/s, ` +
    `killing ${KILL_TARGETS.join(', ')}; logs in ${stack.logDir}`,
);
await stack.startAll();

const token = (sub, roles) =>
  signDevelopmentToken(
    { sub, tenant: 'chaos', roles },
    { secret: environment.JWT_SECRET, issuer: environment.JWT_ISSUER, audience: environment.JWT_AUDIENCE, expiresInSeconds: 3600 },
  );
const crm = token('crm', ['crm']);
const rep = token('rep-1', ['sales_rep']);
const manager = token('manager-1', ['sales_manager']);
const analyst = token('analyst-1', ['analyst']);
let turn = 0;
/** The next gateway instance that is up, in turn (all of them, in turn, while none is). */
function gateway() {
  const ready = stack.ready('gateway');
  const pool = ready.length > 0 ? ready : stack.instances('gateway');
  return pool[turn++ % pool.length];
}
async function api(method, path, authorization, body, instance = gateway()) {
  try {
    const response = await fetch(`${stack.url(instance)}${path}`, {
      method,
      headers: { authorization: `Bearer ${authorization}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  } catch {
    return { status: 0 };
  }
}

// A third of the leads may be reached only by email, a third only by SMS, a third only by a call task.
const CONSENTS = [
  { sms: false, email: true, phone_call: false },
  { sms: true, email: false, phone_call: false },
  { sms: false, email: false, phone_call: true },
];
for (let i = 0; i < LEADS; i += 1) {
  const lead = {
    first_name: 'Chaos',
    owner_rep_id: 'rep-1',
    account_tier: 'mid-market',
    contacts: { email: `lead${i}@example.test`, phone: `+1415555${String(100 + i).padStart(4, '0')}` },
    consent: CONSENTS[i % CONSENTS.length],
    time_zone: 'UTC',
  };
  if ((await api('PUT', `/api/v1/leads/CH-${i}`, crm, lead)).status >= 300) throw new Error('could not register the leads');
}
// Every lead gets several approvals, each to be delivered: no frequency cap; SMS only in the window ahead.
const policy = {
  windows: { sms: smsWindow, email: null, phone_call: null },
  holidays: [],
  frequency_cap_hours: 0,
  default_time_zone: null,
};
if ((await api('PUT', '/api/v1/sending-policy', manager, policy)).status !== 200) throw new Error('could not set the sending policy');

const accepted = new Set();
const interrupted = new Set();
/** recommendation id → the answer to its last approval: a status, or 0 when a kill cut the answer */
const approvalAnswers = new Map();
let refused = 0;
/** Every recommendation request: when it was sent, how long it took, its id when it got one. */
const timings = [];
const history = [
  { type: 'email', outcome: 'opened' },
  { type: 'email', outcome: 'replied' },
  { type: 'sms', outcome: 'no_response' },
  { type: 'email', outcome: 'replied' },
];
async function requestOne(n) {
  const sentAt = Date.now();
  const instance = gateway();
  const response = await api(
    'POST',
    '/api/v1/ai/followup/recommendation',
    rep,
    {
      lead_id: `CH-${n % LEADS}`,
      last_engagement_date: new Date().toISOString().slice(0, 10),
      engagement_history: history,
      recent_activity_summary: 'Asked for a quote.',
    },
    instance,
  );
  const id = response.body?.recommendation_id ?? response.body?.error?.details?.recommendation_id;
  timings.push({ id, instance, sentAt, took: Date.now() - sentAt, status: response.status });
  if (id) accepted.add(id);
  else refused += 1;
  if (response.status === 503 && id) interrupted.add(id);
}
/** The rep approves everything in their review queue, as a rep would (including ids whose answer a kill cut). */
async function approveReady() {
  const queue = await api('GET', '/api/v1/ai/followup/recommendations?status=pending_review&limit=100', rep);
  for (const item of queue.body?.items ?? []) {
    const before = approvalAnswers.get(item.recommendation_id);
    if (before >= 200 && before < 300) continue;
    const decision = await api('POST', `/api/v1/ai/followup/recommendations/${item.recommendation_id}/approve`, rep, {});
    if (!isApproval(approvalAnswers.get(item.recommendation_id))) approvalAnswers.set(item.recommendation_id, decision.status);
  }
  return queue.status === 200 ? (queue.body.items ?? []).length : undefined;
}
/**
 * An approval the rep made: answered 2xx, or cut by a kill. One cut before it took effect leaves the
 * recommendation in the queue, where the next round approves it again.
 */
const isApproval = (status) => status === 0 || (status >= 200 && status < 300);
const approvals = () => [...approvalAnswers].filter(([, status]) => isApproval(status)).map(([id]) => id);

async function allPages(path, authorization) {
  const items = [];
  for (let page = 1; ; page += 1) {
    const response = await api('GET', `${path}?page=${page}&page_size=100`, authorization);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    items.push(...response.body.items);
    if (page * 100 >= response.body.total) return items;
  }
}
/** What the stand-ins received, and the recommendations the rep was notified about as undeliverable. */
async function evidence() {
  const [callTasks, notifications] = await Promise.all([allPages('/api/v1/tasks', rep), allPages('/api/v1/notifications', rep)]);
  return {
    received: receivedRecommendations({ mails: smtp.messages, sms: sms.messages, callTasks }),
    notified: notifications.filter((notice) => notice.kind === 'delivery_failed').map((notice) => notice.recommendation_id),
  };
}

const mongo = new MongoClient(environment.MONGO_URL);
/** The sends the delivery service had begun and not settled when it was killed (read while it is down). */
const inFlightAtKills = new Set();
/**
 * Printed beside the approvals handed to a person, not a bound on them: a send the killed instance had recorded as
 * begun but not yet opened at a provider is rightly handed over too (nobody can tell it was not sent), and no stand-in
 * saw it. The bound is the tally's: only sends begun and not settled at a kill, each with a notice to the rep.
 */
let openAtKills = 0;
let scheduledAtKills = 0;
async function killDeliveryMidSend(instance) {
  const jobs = mongo.db(databaseName(environment, 'delivery')).collection('scheduled_jobs');
  const scheduled = () => jobs.countDocuments({ status: 'pending' });
  const sendsOpen = () => smtp.openSessions + sms.inFlight;
  const deadline = Date.now() + 15_000;
  while ((await scheduled()) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  while (sendsOpen() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  openAtKills += sendsOpen();
  await stack.kill(instance);
  const waiting = await scheduled();
  scheduledAtKills += waiting;
  const begun = await mongo
    .db(databaseName(environment, 'delivery'))
    .collection('delivery_attempts')
    .find({ status: 'in_progress' }, { projection: { recommendation_id: 1 } })
    .toArray();
  for (const attempt of begun) inFlightAtKills.add(attempt.recommendation_id);
  say(
    `${instance} killed with ${begun.length} send(s) begun and not settled${INSTANCES > 1 ? ' (by any instance)' : ''}, ${waiting} scheduled`,
  );
}

/** Kills `target`; resolves, once it is dead, with its restart under way (resolving once it answers ready). */
async function kill(target) {
  say(`${elapsed()} SIGKILL ${target}`);
  if (target === 'kafka') {
    const pid = Number(readFileSync(join(ROOT, '.infra/run/kafka.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    if (infra('up') !== 0) throw new Error('Kafka did not come back');
    say(`${elapsed()} kafka is back`);
    return { restarted: Promise.resolve() };
  }
  if (target.startsWith('delivery')) await killDeliveryMidSend(target);
  else await stack.kill(target);
  const restarted = (async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stack.start(target, 120_000);
    say(`${elapsed()} ${target} is back`);
  })();
  // a restart that fails is reported where the run waits for the restarts, not as an unhandled rejection before
  restarted.catch(() => undefined);
  return { restarted };
}

const started = Date.now();
const elapsed = (at = Date.now()) => `t+${((at - started) / 1000).toFixed(1)} s`;
let sent = 0;
let killsDone = false;
// Each kill comes at its time whatever the restarts before it: a restarted instance answers ready only once its
// durable group has rebalanced, which waits out the killed member's session (15 s), so several services may be
// coming back at once. The broker's kill waits for every restart before it.
const chaos = (async () => {
  const restarts = [];
  for (const [index, target] of KILL_TARGETS.entries()) {
    const at = started + ((index + 1) * DURATION_S * 1000) / (KILL_TARGETS.length + 1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
    if (target === 'kafka') await Promise.all(restarts);
    restarts.push((await kill(target)).restarted);
  }
  await Promise.all(restarts);
})().finally(() => (killsDone = true));
// The load goes on until the last killed service is back, however long the restarts took.
while (!killsDone || Date.now() - started < DURATION_S * 1000) {
  const tick = Date.now();
  void requestOne(sent++);
  if (sent % RATE === 0) {
    void approveReady();
    process.stderr.write(
      `\r[chaos] ${Math.round((Date.now() - started) / 1000)} s: ${accepted.size} accepted, ${approvals().length} approved, ${refused} refused   `,
    );
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / RATE - (Date.now() - tick))));
}
await chaos;
process.stderr.write('\n');
say(
  `load stopped after ${Math.round((Date.now() - started) / 1000)} s; delivery's clock moves to ${smsWindowOpens.toISOString()}, draining…`,
);
writeFileSync(clockFile, String(smsWindowOpens.getTime() - Date.now()));

const kafka = new Kafka({ ...kafkaClientConfig(environment, 'admin', `chaos-${runId}`), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
/** Whether the service's consumer group has handled every message on the topic so far (kafkajs commits only handled ones). */
async function caughtUp(service, topic) {
  const name = busTopic(environment, topic);
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(name),
    admin.fetchOffsets({ groupId: `${env.KAFKA_TOPIC_PREFIX}followup-${service}`, topics: [name] }),
  ]);
  const offsets = committed[0]?.partitions ?? [];
  return ends.every(({ partition, high }) => Number(offsets.find((entry) => entry.partition === partition)?.offset ?? 0) >= Number(high));
}

const requests = mongo.db(databaseName(environment, 'gateway')).collection('recommendation_requests');
const drainDeadline = Date.now() + DRAIN_TIMEOUT_MS;
let records = [];
let found = { received: [], notified: [] };
for (;;) {
  const awaitingReview = await approveReady();
  records = await requests.find({ tenant: 'chaos' }, { projection: { recommendation_id: 1, status: 1, completed_at: 1 } }).toArray();
  found = await evidence().catch(() => found);
  const pending = records.filter((record) => record.status === 'pending').length;
  const settled = new Set([...found.received.map((message) => message.recommendation_id), ...found.notified]);
  const unsettled = approvals().filter((id) => !settled.has(id)).length;
  // Once every approval shows at a stand-in or in a notice, wait for compliance and delivery to have handled
  // everything they were sent: a duplicate would be sent before that.
  const quiet =
    pending === 0 &&
    awaitingReview === 0 &&
    unsettled === 0 &&
    (await caughtUp('compliance', Topics.RecommendationReviewed)) &&
    (await caughtUp('delivery', Topics.DraftScreened));
  process.stderr.write(
    `\r[chaos] draining: ${pending} unanswered, ${awaitingReview ?? '?'} awaiting approval, ${unsettled} approvals not received   `,
  );
  if (quiet || Date.now() > drainDeadline) break;
  await new Promise((resolve) => setTimeout(resolve, 2000));
}
process.stderr.write('\n');
found = await evidence();

const answered = new Set(records.filter((record) => record.status !== 'pending').map((record) => record.recommendation_id));
const completedAt = new Map(
  records.filter((record) => record.completed_at).map((record) => [record.recommendation_id, record.completed_at.getTime()]),
);
const slow = timings.filter((timing) => timing.took >= REPLY_TIMEOUT_MS);
/**
 * Told to retry (503) after the reply timeout although the answer was recorded well before it ran out: it went to
 * another instance. A slow request that got its answer is not counted: it waited for a busy machine, not for routing.
 */
const misrouted = slow.filter(
  (timing) => timing.status === 503 && completedAt.get(timing.id) < timing.sentAt + REPLY_TIMEOUT_MS - ROUTING_MARGIN_MS,
);
const chain = await api('GET', '/api/v1/audit/verification', analyst);
const chainLine =
  chain.status !== 200
    ? `not verified (answered ${chain.status})`
    : chain.body.intact
      ? 'intact'
      : `broken at sequence ${chain.body.first_break?.sequence} (${chain.body.first_break?.kind})`;
const lostRequests = [...accepted].filter((id) => !answered.has(id));
const tally = tallyDeliveries({ approved: approvals(), received: found.received, inFlightAtKills, notified: found.notified });
const notifiedSet = new Set(found.notified);
const perChannel = (ids) => {
  const set = new Set(ids);
  const counts = { email: 0, sms: 0, phone_call: 0 };
  for (const message of found.received) if (set.has(message.recommendation_id)) counts[message.channel] += 1;
  return `email ${counts.email}, SMS ${counts.sms}, call task ${counts.phone_call}`;
};
const deadLetters = await mongo
  .db(databaseName(environment, 'audit'))
  .collection('audit_records')
  .countDocuments({ event_type: 'dead_letter' });
const rows = [
  ['recommendation requests (as the gateway answered them)', ''],
  ['  sent', sent],
  ['  refused (service down, no id)', refused],
  ['  accepted (the client got an id)', accepted.size],
  ['  accepted, never answered (lost)', lostRequests.length],
  ['  interrupted (503), then answered', `${[...interrupted].filter((id) => answered.has(id)).length} of ${interrupted.size}`],
  ['  answered though the id never reached the client', [...answered].filter((id) => !accepted.has(id)).length],
  [
    `  took the reply timeout (${REPLY_TIMEOUT_MS} ms) or longer`,
    `${slow.length} (slowest ${Math.max(0, ...timings.map((timing) => timing.took))} ms)`,
  ],
  ['  slow though answered in time (instance routing)', misrouted.length],
  ['deliveries (counted from what the stand-ins received)', ''],
  ['  approvals', approvals().length],
  ['  delivered once', `${tally.delivered.length} (${perChannel(tally.delivered)})`],
  ['    of which the rep was also told the outcome is unknown', tally.delivered.filter((id) => notifiedSet.has(id)).length],
  ['  delivered twice or more (duplicate)', tally.duplicate.length],
  ['  never delivered (lost)', tally.lost.length],
  [
    '  handed to a person (OUTCOME_UNKNOWN, rep notified)',
    `${tally.handed_to_person.length} of ${inFlightAtKills.size} send(s) in flight at the kills (${openAtKills} open at the stand-ins)`,
  ],
  ['  received without a recognisable id (unexplained)', tally.unexplained.length],
  ['  received for a recommendation never approved', tally.unapproved.length],
  ['  messages received in all', found.received.length],
  ['  sends waiting for their window when delivery was killed', scheduledAtKills],
  ['dead letters', deadLetters],
  ['audit chain of the tenant (GET /api/v1/audit/verification)', chainLine],
];
process.stdout.write('\n');
for (const [name, value] of rows) process.stdout.write(`  ${name.padEnd(60)} ${value}\n`);
const list = (label, ids, describe = () => '') => {
  for (const id of ids) process.stdout.write(`  ${label}: ${id}${describe(id)}\n`);
};
list('duplicate', tally.duplicate, (id) => `, received ${tally.countById.get(id)} times`);
list('lost', tally.lost, (id) => (inFlightAtKills.has(id) ? ', in flight at a kill, yet no notification to the rep' : ''));
list('handed to a person', tally.handed_to_person);
list('request lost', lostRequests);
for (const timing of misrouted)
  process.stdout.write(
    `  slow though answered in time: ${timing.id}, sent at ${elapsed(timing.sentAt)} to ${timing.instance}, took ${timing.took} ms, ` +
      `answer recorded after ${completedAt.get(timing.id) - timing.sentAt} ms\n`,
  );
for (const message of tally.unexplained) process.stdout.write(`  unexplained: a ${message.channel} message naming no recommendation\n`);
list('never approved, yet received', [...new Set(tally.unapproved.map((message) => message.recommendation_id))]);
process.stdout.write('\n');

await stack.stopAll();
if (flags.keep) say(`databases and topics kept under the prefixes ${environment.MONGO_DB_PREFIX} and ${env.KAFKA_TOPIC_PREFIX}`);
else {
  for (const service of ['gateway', 'recommender', 'compliance', 'delivery', 'audit'])
    await mongo.db(databaseName(environment, service)).dropDatabase();
  await deletePrefixedTopics(kafkaClientConfig(environment, 'admin', `chaos-${runId}`), env.KAFKA_TOPIC_PREFIX);
}
await admin.disconnect();
await mongo.close();
await Promise.all([smtp.stop(), sms.stop()]);
rmSync(clockFile, { force: true });

const ok =
  lostRequests.length === 0 &&
  misrouted.length === 0 &&
  tally.duplicate.length === 0 &&
  tally.lost.length === 0 &&
  tally.unexplained.length === 0 &&
  tally.unapproved.length === 0 &&
  chain.status === 200 &&
  chain.body.intact === true &&
  // delivery was killed while sends waited as scheduled jobs (when the run kills it)
  (!KILLS.includes('delivery') || scheduledAtKills > 0) &&
  tally.delivered.length > 0;
say(
  ok
    ? 'nothing lost, nothing delivered twice, every approval reached its lead once or its rep'
    : 'FAILED: a lost request, a request slow though answered in time, a duplicate, a lost approval, an unexplained message, no send scheduled when delivery was killed, or an audit chain that does not verify (see the counts)',
);
process.exit(ok ? 0 : 1);
