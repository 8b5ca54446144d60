// `npm run fuzz`: property-based API fuzzing of the gateway with schemathesis, from its own OpenAPI document.
// Prepares the fuzzing virtualenv (scripts/fuzz/requirements.lock), brings up Kafka and FerretDB, builds,
// starts the five services from dist/ on free ports (the gateway pointed at the other four) with a topic and database prefix of their
// own, seeds a lead, then runs schemathesis twice against /api/docs-json (every operation): with an
// admin+crm token, and without a token. Checks: no 5xx, responses match their declared schema, statuses are
// declared. Prints cases and failures per run; exits 1 on any failure, including an error of the fuzzer
// itself. Flags: --quick (5 examples per operation, seed 1 unless --seed says otherwise, and derandomized
// generation: the same cases on every run, as the test suite needs), --max-examples N, --timeout S (hard
// limit per run), --seed N, --keep (leave the fuzz databases for inspection), --no-build (use dist/ as it
// is), --prepared (what npm test prepares before jest starts: use dist/, the virtualenv and the running Kafka
// and FerretDB as they are, and fail clearly if dist/ or the virtualenv is missing or stale).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deletePrefixedTopics, dropDatabases } from './cleanup.mjs';
import { compiled, infra, parseFlags, prepare, run, say, spawn, ROOT, terminate } from './lib.mjs';
import { fuzzRuns, prepareFuzzVenv, preparedSchemathesis, summarize, SCHEMATHESIS_VERSION } from './fuzz/schemathesis.mjs';

// every service: the gateway's document describes the routes it forwards only once their owners answer
const SERVICES_FUZZED = ['recommender', 'compliance', 'delivery', 'audit', 'gateway'];
const flags = parseFlags(process.argv.slice(2));
const quick = flags.quick === true;
const maxExamples = Number(flags['max-examples'] ?? (quick ? 5 : 25));
const timeoutSeconds = Number(flags.timeout ?? (quick ? 120 : 600));
const seed = flags.seed === undefined ? (quick ? 1 : undefined) : Number(flags.seed);

const prepared = flags.prepared === true;

function unprepared(message) {
  say(message);
  process.exit(1);
}

let binary;
if (prepared) {
  try {
    binary = preparedSchemathesis();
  } catch (error) {
    unprepared(`${error.message} (npm test prepares it before jest starts, npm run fuzz when it runs)`);
  }
} else binary = prepare(`the fuzzing virtualenv (schemathesis ${SCHEMATHESIS_VERSION}, locked)`, prepareFuzzVenv);
const build = !prepared && flags['no-build'] !== true;
if (!build) {
  const missing = SERVICES_FUZZED.map((service) => `dist/apps/${service}/src/main.js`).filter((file) => !existsSync(join(ROOT, file)));
  if (missing.length > 0) unprepared(`there is no ${missing.join(' or ')} to run (npm run build; npm test builds before jest starts)`);
}
if (!prepared && infra('up') !== 0) process.exit(1);
if (build) {
  say('compiling…');
  if (run('npm', ['run', '-s', 'build']) !== 0) process.exit(1);
}

const { databaseName, validateEnvironment } = await compiled('libs/config/src/index.js');
const { kafkaClientConfig } = await compiled('libs/messaging/src/index.js');
const { signDevelopmentToken } = await compiled('libs/auth/src/index.js');
const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const shared = {
  ...process.env,
  KAFKAJS_NO_PARTITIONER_WARNING: '1',
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'fatal',
  KAFKA_TOPIC_PREFIX: `fuzz-${runId}.`,
  MONGO_DB_PREFIX: `fuzz_${runId}_`,
  RATE_LIMIT_MAX_REQUESTS: '1000000',
  ADDRESS_RATE_LIMIT_MAX_REQUESTS: '1000000',
};
const environment = validateEnvironment(shared);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const children = [];
async function startService(service, extra = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', `dist/apps/${service}/src/main.js`], {
    cwd: ROOT,
    env: { ...shared, ...extra, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${service} exited during the fuzz run (${signal ?? code}): that is a finding`);
      crashed.push(service);
    }
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (
      await fetch(`${url}/health/ready`).then(
        (response) => response.ok,
        () => false,
      )
    )
      return url;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${service} did not become ready`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

let stopping = false;
const crashed = [];
async function stopAll() {
  stopping = true;
  await Promise.all(children.map(terminate));
  if (flags.keep === true) return;
  await dropDatabases(
    environment.MONGO_URL,
    SERVICES_FUZZED.map((service) => databaseName(environment, service)),
  );
  await deletePrefixedTopics(kafkaClientConfig(environment, 'admin', `fuzz-${runId}`), shared.KAFKA_TOPIC_PREFIX);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stopAll().then(() => process.exit(130)));

let exitCode = 1;
try {
  await createRequire(import.meta.url)('./process-stack.cjs').provisionBus(shared);
  const [, complianceUrl, deliveryUrl, auditUrl] = await Promise.all(
    SERVICES_FUZZED.filter((service) => service !== 'gateway').map((service) => startService(service)),
  );
  const gatewayUrl = await startService('gateway', { COMPLIANCE_URL: complianceUrl, DELIVERY_URL: deliveryUrl, AUDIT_URL: auditUrl });
  say(`gateway ${gatewayUrl}, topics ${shared.KAFKA_TOPIC_PREFIX}*, databases ${shared.MONGO_DB_PREFIX}*`);
  const token = signDevelopmentToken(
    { sub: 'fuzz-admin', tenant: 'acme', roles: ['admin', 'crm'] },
    { secret: environment.JWT_SECRET, issuer: environment.JWT_ISSUER, audience: environment.JWT_AUDIENCE, expiresInSeconds: 3600 },
  );
  const lead = {
    first_name: 'Sarah',
    last_name: 'Lee',
    account_tier: 'mid-market',
    owner_rep_id: 'fuzz-admin',
    contacts: { email: 'sarah.lee@example.com', phone: '+14155550123' },
    consent: { sms: true, email: true, phone_call: true },
  };
  const seeded = await fetch(`${gatewayUrl}/api/v1/leads/LD-2048`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(lead),
  });
  if (seeded.status >= 300) throw new Error(`seeding the lead answered ${seeded.status}`);

  const reportDir = join(tmpdir(), 'followup-fuzz', runId);
  const results = [];
  for (const fuzzRun of fuzzRuns({ gatewayUrl, token, maxExamples, seed, deterministic: quick })) {
    const generation = quick ? `seed ${seed}, derandomized` : seed === undefined ? 'random seed' : `seed ${seed}`;
    say(`schemathesis: ${fuzzRun.name} (${maxExamples} examples per operation, ${generation}, at most ${timeoutSeconds} s)…`);
    results.push(await summarize(binary, fuzzRun, { reportDir, timeoutSeconds }));
  }
  for (const result of results) {
    say(
      `${result.name}: ${result.operations} operations, ${result.cases} cases, ${result.failures} failures${result.timedOut ? ' (TIMED OUT)' : ''}`,
    );
    for (const failure of result.details) say(`  ${failure}`);
  }
  if (crashed.length > 0) say(`services that exited: ${crashed.join(', ')}`);
  // one machine-readable line for the test suite (test/integration/fuzz.int-spec.ts)
  process.stdout.write(`FUZZ_RESULT ${JSON.stringify({ runs: results, crashed })}\n`);
  const failed = results.some((result) => result.failures > 0 || result.timedOut || result.cases === 0) || crashed.length > 0;
  say(failed ? `fuzzing found failures (reports in ${reportDir})` : 'fuzzing found no failures');
  exitCode = failed ? 1 : 0;
} catch (error) {
  say(`fuzz run failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await stopAll();
}
process.exit(exitCode);
