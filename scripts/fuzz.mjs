// `npm run fuzz`: property-based API fuzzing of the gateway with schemathesis, from its own OpenAPI document.
// Brings up Kafka and FerretDB, builds, starts the gateway and the recommender from dist/ on free ports
// with a topic and database prefix of their own, seeds a lead, then runs schemathesis twice against
// /api/docs-json (every operation): with an admin+crm token, and without a token. Checks: no 5xx, responses
// match their declared schema, statuses are declared. Prints cases and failures per run; exits 1 on any
// failure. Flags: --quick (5 examples per operation, for the test suite), --max-examples N, --timeout S
// (hard limit per run), --seed N, --keep (leave the fuzz databases for inspection).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiled, infra, parseFlags, run, say, spawn, ROOT, terminate } from './lib.mjs';
import { fuzzRuns, summarize, SCHEMATHESIS_VERSION } from './fuzz/schemathesis.mjs';

const flags = parseFlags(process.argv.slice(2));
const quick = flags.quick === true;
const maxExamples = Number(flags['max-examples'] ?? (quick ? 5 : 25));
const timeoutSeconds = Number(flags.timeout ?? (quick ? 120 : 600));
const seed = flags.seed === undefined ? undefined : Number(flags.seed);

if (infra('up') !== 0) process.exit(1);
if (flags['no-build'] !== true) {
  say('compiling…');
  if (run('npm', ['run', '-s', 'build']) !== 0) process.exit(1);
}

const { validateEnvironment } = await compiled('libs/config/src/index.js');
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
async function startService(service) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', `dist/apps/${service}/src/main.js`], {
    cwd: ROOT,
    env: { ...shared, PORT: String(port) },
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
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(environment.MONGO_URL);
  try {
    for (const service of ['gateway', 'recommender']) await client.db(`${shared.MONGO_DB_PREFIX}${service}`).dropDatabase();
  } finally {
    await client.close();
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stopAll().then(() => process.exit(130)));

/** schemathesis in a virtualenv of its own, cached between runs. */
function schemathesis() {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const venv = join(cache, 'followup-infra', 'schemathesis-venv');
  const binary = join(venv, 'bin', 'schemathesis');
  const marker = join(venv, 'followup-version');
  if (existsSync(binary) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === SCHEMATHESIS_VERSION) return binary;
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv}…`);
  mkdirSync(join(cache, 'followup-infra'), { recursive: true });
  if (!existsSync(join(venv, 'bin', 'pip')) && run('python3', ['-m', 'venv', venv]) !== 0) process.exit(1);
  if (run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]) !== 0) {
    process.exit(1);
  }
  run('sh', ['-c', `printf '%s\\n' '${SCHEMATHESIS_VERSION}' > '${marker}'`]);
  return binary;
}

let exitCode = 1;
try {
  const binary = schemathesis();
  await createRequire(import.meta.url)('./process-stack.cjs').provisionBus(shared);
  const [gatewayUrl] = await Promise.all([startService('gateway'), startService('recommender')]);
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
  for (const fuzzRun of fuzzRuns({ gatewayUrl, token, maxExamples, seed })) {
    say(`schemathesis: ${fuzzRun.name} (${maxExamples} examples per operation, at most ${timeoutSeconds} s)…`);
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
