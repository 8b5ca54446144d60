// `npm run bench:api [-- --quick] [--duration <s>] [--baseline-duration <s>] [--no-llm] [--profile <service,...>]
//   [--rates 25,50,100] [--concurrency 1,8,32]`
//
// The recommendation endpoint under load, against two baselines measured in the same run on the same
// machine:
//   bare   GET /health/live of the same gateway process (same HTTP adapter and middleware, no auth, no I/O)
//   kafka  a raw kafkajs request-reply round trip between two processes (bench/lib/kafka-roundtrip.mjs)
// The five services run as real processes from dist/ (scripts/process-stack.cjs) with their own topic and
// database prefixes, the deterministic engine, the rate limit out of the way and LOG_LEVEL=warn. Levels:
// fixed rates 25, 50, 100 requests/s (open loop, bench/lib/load.mjs `paced`) and max throughput at
// concurrency 1, 8, 32 (autocannon). Then once more with the recommender on its LLM path against an instant
// OpenAI-compatible responder (bench/lib/instant-openai.mjs), so only our own overhead is timed.
// Prints requests/s, p50, p99, errors and non-2xx per level (the percentiles count every request: non-2xx
// answers, errors and timeouts with the time until they failed), each recommendation figure as a ratio to its
// baseline, the RSS of every service at idle and at peak, and the targets with PASS/MISS.
// --profile gateway,recommender writes a CPU profile of those services over the recommendation levels
// (deterministic engine) and prints their hottest functions.
// Exit code 0 when every target passes, 1 otherwise.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiled, infra, parseFlags, ROOT, say, SERVICES } from '../scripts/lib.mjs';
import { startChild } from './lib/child.mjs';
import { deletePrefixedTopics, dropDatabases } from '../scripts/cleanup.mjs';
import { printSummary, summariseProfile } from './lib/cpu-profile-summary.mjs';
import { waitForDrain } from './lib/kafka-lag.mjs';
import { startKafkaRoundTrip } from './lib/kafka-roundtrip.mjs';
import { closedLoop, httpOperation, maxThroughput, paced } from './lib/load.mjs';
import { infraPids, machineLine, runId } from './lib/machine.mjs';
import { CpuMeter, describeCpu, mib, RssSampler } from './lib/rss.mjs';

const require = createRequire(import.meta.url);
const { ProcessStack } = require('../scripts/process-stack.cjs');

const flags = parseFlags(process.argv.slice(2));
const QUICK = Boolean(flags.quick);
const RECO_SECONDS = Number(flags.duration ?? (QUICK ? 2 : 10));
const BASELINE_SECONDS = Number(flags['baseline-duration'] ?? (QUICK ? 1.5 : 5));
const levelsFlag = (name, fallback) => (typeof flags[name] === 'string' ? flags[name].split(',').map(Number) : fallback);
const RATES = levelsFlag('rates', [25, 50, 100]);
const CONCURRENCY = levelsFlag('concurrency', [1, 8, 32]);
const TARGET_RATE = 100;
const TARGET_P99_MS = 50;
const TARGET_THROUGHPUT_SHARE = 0.3;
const PROFILE = typeof flags.profile === 'string' ? flags.profile.split(',') : [];
const LEADS = [
  ['BENCH-1', 'Sarah'],
  ['BENCH-2', 'Tomás'],
  ['BENCH-3', 'Mei'],
  ['BENCH-4', 'Olu'],
  ['BENCH-5', 'Anna'],
  ['BENCH-6', 'Raj'],
  ['BENCH-7', 'Lea'],
  ['BENCH-8', 'Diego'],
];

say(machineLine());
say(`bench:api ${QUICK ? 'quick' : 'default'} run: ${RECO_SECONDS} s per recommendation level, ${BASELINE_SECONDS} s per baseline level`);
if (infra('up') !== 0) process.exit(1);
const { validateEnvironment, databaseName } = await compiled('libs/config/src/index.js');
const { kafkaClientConfig } = await compiled('libs/messaging/src/index.js');
const { signDevelopmentToken } = await compiled('libs/auth/src/index.js');
const { TOPIC_CATALOG, Topics } = await compiled('libs/contracts/src/index.js');

const id = runId();
const profileDir = join(ROOT, '.infra/logs', `bench-api-${id}`, 'profiles');
// The deterministic engine: the recommender must not inherit an LLM configuration from the shell.
delete process.env.OPENAI_API_KEY;
delete process.env.OPENAI_BASE_URL;
const env = {
  KAFKA_TOPIC_PREFIX: `bench-${id}.`,
  MONGO_DB_PREFIX: `bench_${id}_`,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_MAX_REQUESTS: '1000000000',
  ADDRESS_RATE_LIMIT_MAX_REQUESTS: '1000000000',
  NODE_ENV: 'test',
};
const profiled = (service) =>
  PROFILE.includes(service)
    ? {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(ROOT, 'bench/lib/cpu-profiler.cjs')}`.trim(),
        BENCH_CPU_PROFILE_DIR: profileDir,
        BENCH_CPU_PROFILE_LABEL: service,
      }
    : {};
const serviceEnv = Object.fromEntries(SERVICES.map((service) => [service, profiled(service)]));
const environment = validateEnvironment({ ...process.env, ...env });
const kafkaAdmin = kafkaClientConfig(environment, 'admin', 'bench-api');
const stack = new ProcessStack({ env, serviceEnv, logDir: join(ROOT, '.infra/logs', `bench-api-${id}`) });
const rss = new RssSampler();
const cpu = new CpuMeter(
  {
    ...Object.fromEntries(SERVICES.map((service) => [service, () => stack.pid(service)])),
    ...infraPids(ROOT),
    'bench driver': process.pid,
  },
  { withChildren: ['postgres'] },
);
const children = [];
const results = []; // { target, engine, mode, level, ...summary }
let cleanedUp = false;

async function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  rss.stop();
  for (const child of children) await child.stop().catch(() => undefined);
  await stack.stopAll().catch(() => undefined);
  await dropDatabases(
    environment.MONGO_URL,
    SERVICES.map((service) => databaseName(environment, service)),
  ).catch((error) => say(`could not drop the databases: ${error.message}`));
  await deletePrefixedTopics(kafkaAdmin, env.KAFKA_TOPIC_PREFIX).catch((error) => say(`could not delete the topics: ${error.message}`));
}
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    say(`${signal}: stopping everything this run started…`);
    void cleanUp().finally(() => process.exit(130));
  });

const ms = (value) => (value === undefined ? 'n/a' : !Number.isFinite(value) ? '∞' : value < 10 ? value.toFixed(2) : value.toFixed(1));
const ratio = (value) => (value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(2)}×`);

/** Runs one level with the CPU meter around it. */
async function level(run) {
  cpu.begin();
  const summary = await run();
  return { ...summary, cpu: cpu.end() };
}

function record(target, engine, mode, level, summary) {
  const row = { target, engine, mode, level, ...summary };
  results.push(row);
  say(
    `  ${`${target}${engine ? ` (${engine})` : ''}`.padEnd(28)} ${mode === 'rate' ? `${level} req/s`.padEnd(14) : `c=${level}`.padEnd(14)}` +
      ` ${row.rps.toFixed(1).padStart(8)} req/s  p50 ${ms(row.p50).padStart(7)} ms  p99 ${ms(row.p99).padStart(7)} ms` +
      `  errors ${row.errors}  non-2xx ${row.non2xx}${row.non2xx ? ` ${JSON.stringify(row.statusCodes)}` : ''}`,
  );
  if (row.cpu) say(`      cpu: ${describeCpu(row.cpu)}`);
  return row;
}

async function drain(label) {
  const { ms: waited, lag } = await waitForDrain(kafkaAdmin, env.KAFKA_TOPIC_PREFIX, QUICK ? 5_000 : 15_000);
  if (waited > 500 || lag > 0) say(`  (waited ${waited} ms for consumers to catch up after ${label}${lag ? `; ${lag} still behind` : ''})`);
}

/** The six levels of one HTTP target: fixed rates with `paced`, max throughput with autocannon. */
async function httpLevels({ target, engine = '', seconds, url, method, headers, bodies }) {
  const operation = httpOperation({ url, method, headers, bodies });
  for (const rate of RATES) {
    record(target, engine, 'rate', rate, await level(() => paced({ rate, durationMs: seconds * 1000, operation })));
    if (method === 'POST') await drain(`${rate} req/s`);
  }
  operation.close();
  for (const connections of CONCURRENCY) {
    record(
      target,
      engine,
      'concurrency',
      connections,
      await level(() => maxThroughput({ url, method, headers, bodies, connections, durationSeconds: seconds })),
    );
    if (method === 'POST') await drain(`c=${connections}`);
  }
}

async function signalProfilers() {
  for (const service of PROFILE) {
    const pid = stack.pid(service);
    if (pid) process.kill(pid, 'SIGWINCH');
  }
}

let exitCode = 1;
try {
  say(`starting the five services (topic prefix ${env.KAFKA_TOPIC_PREFIX}, logs in ${stack.logDir})…`);
  await stack.startAll();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  for (const service of SERVICES) rss.track(service, stack.pid(service));
  rss.start();

  const settings = {
    secret: environment.JWT_SECRET,
    issuer: environment.JWT_ISSUER,
    audience: environment.JWT_AUDIENCE,
    expiresInSeconds: 3600,
  };
  const crm = signDevelopmentToken({ sub: 'bench-crm', tenant: 'bench', roles: ['crm'] }, settings);
  const gateway = stack.url('gateway');
  const headers = { authorization: `Bearer ${crm}`, accept: 'application/json' };
  for (const [leadId, firstName] of LEADS) {
    const response = await fetch(`${gateway}/api/v1/leads/${leadId}`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        first_name: firstName,
        last_name: 'Bench',
        account_tier: 'mid-market',
        owner_rep_id: 'rep-bench',
        contacts: { email: `${leadId.toLowerCase()}@example.test`, phone: '+14155550123' },
        consent: { sms: true, email: true, phone_call: true },
      }),
    });
    if (response.status >= 300) throw new Error(`could not register ${leadId}: ${response.status} ${await response.text()}`);
  }
  const lastEngagement = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
  // The spec's example request with a fourth engagement event, one body per seeded lead.
  const bodies = LEADS.map(([leadId]) => ({
    lead_id: leadId,
    account_tier: 'mid-market',
    last_engagement_date: lastEngagement,
    engagement_history: [
      { type: 'email', outcome: 'opened' },
      { type: 'phone_call', outcome: 'no_response' },
      { type: 'sms', outcome: 'replied' },
      { type: 'email', outcome: 'replied' },
    ],
    recent_activity_summary: 'Requested pricing information during product demo.',
  }));
  const recommendationUrl = `${gateway}/api/v1/ai/followup/recommendation`;
  const sample = async (label) => {
    const response = await fetch(recommendationUrl, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(bodies[0]),
    });
    const body = await response.json();
    if (response.status !== 200)
      throw new Error(`${label}: the sample request answered ${response.status} ${JSON.stringify(body.error ?? body)}`);
    return body;
  };
  const first = await sample('deterministic engine');
  say(`sample recommendation: 200, recommendation_id ${first.recommendation_id}, channel ${first.recommended_channel ?? 'n/a'}`);

  say('warm-up (not measured)…');
  const warm = (url, method, withBodies) =>
    maxThroughput({ url, method, headers, bodies: withBodies ? bodies : undefined, connections: 8, durationSeconds: QUICK ? 1 : 3 });
  await warm(`${gateway}/health/live`, 'GET', false);
  await warm(recommendationUrl, 'POST', true);
  await drain('warm-up');

  say('baseline 1: bare endpoint, GET /health/live on the same gateway');
  await httpLevels({ target: 'bare /health/live', seconds: BASELINE_SECONDS, url: `${gateway}/health/live`, method: 'GET', headers: {} });

  say('baseline 2: raw kafkajs request-reply round trip between two processes');
  const partitions = TOPIC_CATALOG.find((entry) => entry.name === Topics.RecommendationRequested)?.partitions ?? 3;
  const kafka = await startKafkaRoundTrip({
    client: kafkaAdmin,
    prefix: env.KAFKA_TOPIC_PREFIX,
    partitions,
    keys: LEADS.map(([leadId]) => leadId),
    payload: bodies[0],
  });
  children.push({ stop: () => kafka.close() });
  for (const rate of RATES)
    record(
      'kafka round trip',
      '',
      'rate',
      rate,
      await level(() => paced({ rate, durationMs: BASELINE_SECONDS * 1000, operation: kafka.operation })),
    );
  for (const concurrency of CONCURRENCY)
    record(
      'kafka round trip',
      '',
      'concurrency',
      concurrency,
      await level(() => closedLoop({ concurrency, durationMs: BASELINE_SECONDS * 1000, operation: kafka.operation })),
    );
  await kafka.close();
  children.pop();

  say('recommendation, deterministic engine');
  await signalProfilers();
  await httpLevels({
    target: 'recommendation',
    engine: 'deterministic',
    seconds: RECO_SECONDS,
    url: recommendationUrl,
    method: 'POST',
    headers,
    bodies,
  });
  if (PROFILE.length > 0) {
    await signalProfilers();
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }

  if (!flags['no-llm']) {
    say('recommendation, LLM path (recommender → instant OpenAI-compatible responder)');
    const llm = await startChild(join(ROOT, 'bench/lib/instant-openai.mjs'));
    children.push(llm);
    await stack.stop('recommender');
    stack.serviceEnv.recommender = { ...stack.serviceEnv.recommender, OPENAI_API_KEY: 'bench', OPENAI_BASE_URL: llm.info.url };
    await stack.start('recommender');
    rss.track('recommender (llm)', stack.pid('recommender'));
    // A backlog left by the deterministic levels can make this first request slow; the levels still run.
    const answer = await sample('LLM path').catch((error) => (say(`warning: ${error.message}`), {}));
    const engine = answer.ai_service_version?.engine;
    say(`sample recommendation: 200${engine ? `, engine ${engine}` : ''}`);
    await warm(recommendationUrl, 'POST', true);
    await drain('warm-up');
    await httpLevels({
      target: 'recommendation',
      engine: 'llm',
      seconds: RECO_SECONDS,
      url: recommendationUrl,
      method: 'POST',
      headers,
      bodies,
    });
  }
  rss.stop();

  // ---- report ----
  const find = (target, engine, mode, level) =>
    results.find((row) => row.target === target && row.engine === engine && row.mode === mode && row.level === level);
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out();
  out('recommendation vs baselines (throughput ÷ bare endpoint at the same level; latency ÷ raw Kafka round trip at the same level)');
  out(
    `${'engine'.padEnd(14)}${'level'.padEnd(12)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'err'.padStart(6)}${'non2xx'.padStart(8)}` +
      `${'bare req/s'.padStart(12)}${'thr ratio'.padStart(11)}${'kafka p50'.padStart(11)}${'p50 ratio'.padStart(11)}${'kafka p99'.padStart(11)}${'p99 ratio'.padStart(11)}`,
  );
  const engines = flags['no-llm'] ? ['deterministic'] : ['deterministic', 'llm'];
  for (const engine of engines) {
    for (const [mode, levels] of [
      ['rate', RATES],
      ['concurrency', CONCURRENCY],
    ]) {
      for (const level of levels) {
        const row = find('recommendation', engine, mode, level);
        const bare = find('bare /health/live', '', mode, level);
        const kafkaRow = find('kafka round trip', '', mode, level);
        if (!row) continue;
        out(
          `${engine.padEnd(14)}${(mode === 'rate' ? `${level}/s` : `c=${level}`).padEnd(12)}${row.rps.toFixed(1).padStart(9)}${ms(row.p50).padStart(9)}` +
            `${ms(row.p99).padStart(9)}${String(row.errors).padStart(6)}${String(row.non2xx).padStart(8)}${(bare?.rps.toFixed(1) ?? 'n/a').padStart(12)}` +
            `${(mode === 'rate' ? '-' : ratio(row.rps / bare?.rps)).padStart(11)}${ms(kafkaRow?.p50).padStart(11)}${ratio(row.p50 / kafkaRow?.p50).padStart(11)}` +
            `${ms(kafkaRow?.p99).padStart(11)}${ratio(row.p99 / kafkaRow?.p99).padStart(11)}`,
        );
      }
    }
  }
  out();
  out('resident memory (VmRSS) per service: idle after start, peak during the load levels');
  for (const row of rss.rows())
    out(`  ${row.label.padEnd(20)} pid ${String(row.pid).padEnd(8)} idle ${mib(row.idle).padStart(8)}   peak ${mib(row.peak).padStart(8)}`);
  out();

  const targets = [];
  const peak = (target, engine) =>
    Math.max(
      0,
      ...results.filter((row) => row.target === target && row.engine === engine && row.mode === 'concurrency').map((row) => row.rps),
    );
  const bareMax = peak('bare /health/live', '');
  for (const engine of engines) {
    const atRate = find('recommendation', engine, 'rate', TARGET_RATE);
    targets.push({
      name: `${engine}: p99 < ${TARGET_P99_MS} ms at ${TARGET_RATE} req/s, no errors`,
      value: atRate
        ? `p99 ${ms(atRate.p99)} ms, ${atRate.errors} errors, ${atRate.non2xx} non-2xx, ${atRate.rps.toFixed(1)} req/s`
        : `not measured (--rates has no ${TARGET_RATE})`,
      pass: Boolean(atRate) && atRate.p99 < TARGET_P99_MS && atRate.errors === 0 && atRate.non2xx === 0,
    });
    const recoMax = peak('recommendation', engine);
    targets.push({
      name: `${engine}: throughput ≥ ${TARGET_THROUGHPUT_SHARE * 100}% of the bare endpoint (best level each)`,
      value: `${recoMax.toFixed(1)} vs ${bareMax.toFixed(1)} req/s = ${((100 * recoMax) / bareMax).toFixed(1)}%`,
      pass: bareMax > 0 && recoMax >= TARGET_THROUGHPUT_SHARE * bareMax,
    });
  }
  out('targets');
  for (const target of targets) out(`  ${target.pass ? 'PASS' : 'MISS'}  ${target.name.padEnd(66)} ${target.value}`);
  out();

  if (PROFILE.length > 0) {
    for (const file of readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))) {
      out(`CPU profile ${join(profileDir, file)} (recommendation levels, deterministic engine)`);
      printSummary(summariseProfile(JSON.parse(readFileSync(join(profileDir, file), 'utf8'))));
      out();
    }
  }
  exitCode = targets.every((target) => target.pass) ? 0 : 1;
} catch (error) {
  say(`bench:api failed: ${error.stack ?? error.message}`);
  exitCode = 1;
} finally {
  await cleanUp();
}
say(exitCode === 0 ? 'every target met' : 'at least one target missed (or the run failed)');
process.exit(exitCode);
