// `npm run chaos [-- --short] [--duration <s>] [--rate <requests/s>] [--no-build] [--keep]`
//
// Under a steady stream of recommendation requests and approvals, kills each service in turn with SIGKILL
// (and, in the full run, the Kafka broker once), restarts it, lets the system drain, then counts: requests
// accepted vs recommendations stored, approvals vs deliveries, duplicate deliveries, dead letters.
// Exits non-zero on any loss, duplicate, approval left undelivered, or recommendation emailed while the gateway
// still shows it awaiting review. Lists what is left awaiting review; --keep leaves the databases for inspection.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { MongoClient } from 'mongodb';
import { compiled, infra, parseFlags, ROOT, run, say } from './lib.mjs';

const require = createRequire(import.meta.url);
const { ProcessStack } = require('./process-stack.cjs');

const flags = parseFlags(process.argv.slice(2));
const SHORT = Boolean(flags.short);
const DURATION_S = Number(flags.duration ?? (SHORT ? 24 : 75));
const RATE = Number(flags.rate ?? (SHORT ? 2 : 4));
const DRAIN_TIMEOUT_MS = (SHORT ? 150 : 240) * 1000;
const KILLS = SHORT ? ['recommender', 'compliance', 'delivery'] : ['recommender', 'compliance', 'delivery', 'audit', 'gateway', 'kafka'];
const LEADS = 12;

if (infra('up') !== 0) process.exit(1);
if (!flags['no-build'] && run('npm', ['run', '-s', 'build']) !== 0) process.exit(1);
const { validateEnvironment, databaseName } = await compiled('libs/config/src/index.js');
const { signDevelopmentToken } = await compiled('libs/auth/src/index.js');

const CUT_CONNECTION_CODES = ['ECONNRESET', 'EPIPE'];

// An SMTP sink that counts messages per recommendation (the idempotency key is `<recommendation_id>:<attempt>`).
const mailsByRecommendation = new Map();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const key = /X-Followup-Idempotency-Key: ([0-9a-f-]{36})/i.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? 'unknown';
      mailsByRecommendation.set(key, (mailsByRecommendation.get(key) ?? 0) + 1);
      callback();
    });
  },
});
// The delivery service is SIGKILLed mid-session on purpose; the reset of its connection is not the sink's failure.
smtp.on('error', (error) => {
  if (!CUT_CONNECTION_CODES.includes(error.code)) throw error;
});
await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));

const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const env = {
  KAFKA_TOPIC_PREFIX: `chaos-${runId}.`,
  MONGO_DB_PREFIX: `chaos_${runId}_`,
  LOG_LEVEL: 'warn',
  RECOMMENDATION_REPLY_TIMEOUT_MS: '3000',
  OUTBOX_RELAY_INTERVAL_MS: '1000',
  AUDIT_OUTBOX_RELAY_INTERVAL_MS: '1000',
  RATE_LIMIT_MAX_REQUESTS: '1000000',
  ADDRESS_RATE_LIMIT_MAX_REQUESTS: '1000000',
  NODE_ENV: 'test',
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(smtp.server.address().port),
  SMTP_TIMEOUT_MS: '3000',
};
const environment = validateEnvironment({ ...process.env, ...env });
const stack = new ProcessStack({ env, basePort: 3400, logDir: join(ROOT, '.infra/logs', `chaos-${runId}`) });
say(
  `chaos run ${runId}: ${SHORT ? 'short' : 'full'}, ${DURATION_S} s at ${RATE} requests/s, killing ${KILLS.join(', ')}; logs in ${stack.logDir}`,
);
await stack.startAll();

const token = (sub, roles) =>
  signDevelopmentToken(
    { sub, tenant: 'chaos', roles },
    { secret: environment.JWT_SECRET, issuer: environment.JWT_ISSUER, audience: environment.JWT_AUDIENCE, expiresInSeconds: 3600 },
  );
const crm = token('crm', ['crm']);
const rep = token('rep-1', ['sales_rep']);
const gateway = () => stack.url('gateway');
async function api(method, path, authorization, body) {
  try {
    const response = await fetch(`${gateway()}${path}`, {
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

for (let i = 0; i < LEADS; i += 1) {
  const lead = {
    first_name: 'Chaos',
    owner_rep_id: 'rep-1',
    account_tier: 'mid-market',
    contacts: { email: `lead${i}@example.test` },
    consent: { sms: false, email: true, phone_call: false },
  };
  if ((await api('PUT', `/api/v1/leads/CH-${i}`, crm, lead)).status >= 300) throw new Error('could not register the leads');
}

const accepted = new Set();
const interrupted = new Set();
const approved = new Set();
/** recommendation id → the last refused approval's status and error code */
const refusedApprovals = new Map();
let refused = 0;
const history = [
  { type: 'email', outcome: 'opened' },
  { type: 'email', outcome: 'replied' },
  { type: 'sms', outcome: 'no_response' },
  { type: 'email', outcome: 'replied' },
];
async function requestOne(n) {
  const response = await api('POST', '/api/v1/ai/followup/recommendation', rep, {
    lead_id: `CH-${n % LEADS}`,
    last_engagement_date: new Date().toISOString().slice(0, 10),
    engagement_history: history,
    recent_activity_summary: 'Asked for a quote.',
  });
  const id = response.body?.recommendation_id ?? response.body?.error?.details?.recommendation_id;
  if (id) accepted.add(id);
  else refused += 1;
  if (response.status === 503 && id) interrupted.add(id);
}
async function approveReady() {
  const queue = await api('GET', '/api/v1/ai/followup/recommendations?status=pending_review&limit=100', rep);
  for (const item of queue.body?.items ?? []) {
    if (approved.has(item.recommendation_id) || !accepted.has(item.recommendation_id)) continue;
    const decision = await api('POST', `/api/v1/ai/followup/recommendations/${item.recommendation_id}/approve`, rep, {});
    if (decision.status >= 200 && decision.status < 300) approved.add(item.recommendation_id);
    else refusedApprovals.set(item.recommendation_id, `${decision.status} ${decision.body?.error?.code ?? ''}`.trim());
  }
}

async function killAndRestart(target) {
  say(`SIGKILL ${target}`);
  if (target === 'kafka') {
    const pid = Number(readFileSync(join(ROOT, '.infra/run/kafka.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    if (infra('up') !== 0) throw new Error('Kafka did not come back');
  } else {
    await stack.kill(target);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stack.start(target, 120_000);
  }
  say(`${target} is back`);
}

const started = Date.now();
let sent = 0;
const chaos = (async () => {
  for (const [index, target] of KILLS.entries()) {
    const at = started + ((index + 1) * DURATION_S * 1000) / (KILLS.length + 1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
    await killAndRestart(target);
  }
})();
while (Date.now() - started < DURATION_S * 1000) {
  const tick = Date.now();
  void requestOne(sent++);
  if (sent % RATE === 0) {
    void approveReady();
    process.stderr.write(
      `\r[chaos] ${Math.round((Date.now() - started) / 1000)} s: ${accepted.size} accepted, ${approved.size} approved, ${refused} refused   `,
    );
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / RATE - (Date.now() - tick))));
}
await chaos;
process.stderr.write('\n');
say('load stopped; draining…');

const mongo = new MongoClient(environment.MONGO_URL);
const requests = mongo.db(databaseName(environment, 'gateway')).collection('recommendation_requests');
const FINAL = ['delivered', 'failed', 'blocked', 'rejected'];
const drainDeadline = Date.now() + DRAIN_TIMEOUT_MS;
let records = [];
for (;;) {
  await approveReady();
  records = await requests.find({ tenant: 'chaos' }, { projection: { recommendation_id: 1, status: 1, lifecycle: 1 } }).toArray();
  const pending = records.filter((record) => record.status === 'pending').length;
  const awaitingReview = records.filter((record) => record.lifecycle === 'pending_review').length;
  const inFlight = records.filter((record) => approved.has(record.recommendation_id) && !FINAL.includes(record.lifecycle)).length;
  process.stderr.write(`\r[chaos] draining: ${pending} unanswered, ${awaitingReview} awaiting approval, ${inFlight} approved in flight   `);
  if ((pending === 0 && awaitingReview === 0 && inFlight === 0) || Date.now() > drainDeadline) break;
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
process.stderr.write('\n');

const byId = new Map(records.map((record) => [record.recommendation_id, record]));
const stored = [...accepted].filter((id) => byId.get(id) && byId.get(id).status !== 'pending');
const delivered = [...approved].filter((id) => byId.get(id)?.lifecycle === 'delivered');
const deliveryFailed = [...approved].filter((id) => ['failed', 'blocked'].includes(byId.get(id)?.lifecycle));
const duplicates = [...mailsByRecommendation.entries()].filter(([id, count]) => id !== 'unknown' && count > 1);
const mailed = [...mailsByRecommendation.keys()].filter((id) => id !== 'unknown');
const leftForReview = records.filter((record) => record.lifecycle === 'pending_review');
const mailedWhileAwaitingReview = leftForReview.filter((record) => mailsByRecommendation.has(record.recommendation_id));
const deadLetters = await mongo
  .db(databaseName(environment, 'audit'))
  .collection('audit_records')
  .countDocuments({ event_type: 'dead_letter' });
const counts = {
  'requests sent': sent,
  'requests refused (service down, no id)': refused,
  'requests accepted (have an id)': accepted.size,
  'recommendations stored': stored.length,
  'lost (accepted, never answered)': accepted.size - stored.length,
  'interrupted (503) then resumed': `${[...interrupted].filter((id) => stored.includes(id)).length} of ${interrupted.size}`,
  approvals: approved.size,
  'approvals delivered': delivered.length,
  'approvals failed or blocked': deliveryFailed.length,
  'approvals undelivered (stuck)': approved.size - delivered.length - deliveryFailed.length,
  'emails received': [...mailsByRecommendation.values()].reduce((sum, count) => sum + count, 0),
  'recommendations emailed': mailed.length,
  'duplicate deliveries': duplicates.length,
  'left awaiting review after the drain': leftForReview.length,
  'emailed, yet awaiting review': mailedWhileAwaitingReview.length,
  'dead letters': deadLetters,
};
process.stdout.write('\n');
for (const [name, value] of Object.entries(counts)) process.stdout.write(`  ${name.padEnd(42)} ${value}\n`);
for (const record of leftForReview) {
  const approval = approved.has(record.recommendation_id)
    ? 'approved (2xx)'
    : (refusedApprovals.get(record.recommendation_id) ?? 'never tried');
  const emails = mailsByRecommendation.get(record.recommendation_id) ?? 0;
  const unknownToClient = accepted.has(record.recommendation_id) ? '' : ' (its id never reached the client: the answer was cut by a kill)';
  process.stdout.write(
    `  awaiting review: ${record.recommendation_id}${unknownToClient}, status ${record.status}, approval ${approval}, ${emails} email(s)\n`,
  );
}
process.stdout.write('\n');

await stack.stopAll();
if (flags.keep) say(`databases kept under the prefix ${environment.MONGO_DB_PREFIX}`);
else
  for (const service of ['gateway', 'recommender', 'compliance', 'delivery', 'audit'])
    await mongo.db(databaseName(environment, service)).dropDatabase();
await mongo.close();
smtp.close();

const ok =
  counts['lost (accepted, never answered)'] === 0 &&
  duplicates.length === 0 &&
  counts['approvals undelivered (stuck)'] === 0 &&
  mailedWhileAwaitingReview.length === 0 &&
  delivered.length > 0;
say(ok ? 'nothing lost, nothing delivered twice, every approval settled' : 'FAILED: loss, duplicate or stuck approval (see the counts)');
process.exit(ok ? 0 : 1);
