// `npm run bench:replay [-- --quick] [--events <n>] [--tenants <n>] [--rounds <n>] [--profile]`
//
// Produces an audit topic of --events records (default 100,000; --quick 20,000) under a fresh prefix,
// shaped exactly like the audit service's (bench/lib/audit-events.mjs: the service's own auditEntryOf,
// chainRecord and publicRecord, so per-tenant sequences and hash chains are valid), then times, --rounds
// times each (best kept):
//   replay  the project's replay (`replayAuditTopic` from apps/audit/src/replay) writing canonical NDJSON to
//           a temp file, as `npm run audit:replay -- --from … --out …` does
//   raw     a kafkajs consumer reading the same topic from the beginning to the same end offsets, counting
// and prints events/s for both and the ratio. Target: replay ≥ 50% of the raw consumer.
// --profile writes a CPU profile of the last replay round and prints its hottest functions.
// --breakdown also times the replay's per-record steps in memory (no Kafka) on the same records: selecting a
// record by its headers, selecting one without (parse, contract validation, canonical JSON), the sort,
// writing NDJSON, and the contract check a --rebuild makes.
// Deletes its topic afterwards. Exit code 0 when the target passes, 1 otherwise.
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { compiled, infra, parseFlags, say } from '../scripts/lib.mjs';
import { auditMessageFactory } from './lib/audit-events.mjs';
import { deletePrefixedTopics } from '../scripts/cleanup.mjs';
import { printSummary, summariseProfile } from './lib/cpu-profile-summary.mjs';
import { machineLine, runId } from './lib/machine.mjs';

const flags = parseFlags(process.argv.slice(2));
const QUICK = Boolean(flags.quick);
const EVENTS = Number(flags.events ?? (QUICK ? 20_000 : 100_000));
const TENANTS = Number(flags.tenants ?? 4);
const ROUNDS = Number(flags.rounds ?? (QUICK ? 1 : 2));
const TARGET_SHARE = 0.5;
const BATCH = 500; // one produce request per batch: ~0.8 MB, under the broker's default 1 MB message.max.bytes

say(machineLine());
say(`bench:replay: ${EVENTS} audit records over ${TENANTS} tenants, best of ${ROUNDS} round(s) each`);
if (infra('up') !== 0) process.exit(1);
const { validateEnvironment } = await compiled('libs/config/src/index.js');
const { busTopic, kafkaClientConfig } = await compiled('libs/messaging/src/index.js');
const { TOPIC_CATALOG, Topics } = await compiled('libs/contracts/src/index.js');
const replay = await compiled('apps/audit/src/replay/index.js');

// A benchmark on the local broker: its development admin credentials, like npm start's.
const environment = validateEnvironment({ NODE_ENV: 'development', ...process.env });
const kafkaAdmin = kafkaClientConfig(environment, 'admin', 'bench-replay');
const prefix = `bench-replay-${runId()}.`;
const topic = busTopic({ KAFKA_TOPIC_PREFIX: prefix }, Topics.AuditRecorded);
const partitions = TOPIC_CATALOG.find((entry) => entry.name === Topics.AuditRecorded)?.partitions ?? 3;
const kafka = new Kafka({ ...kafkaAdmin, logLevel: logLevel.NOTHING });
const workDir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

async function produce() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  await admin.disconnect();
  const startedAt = Date.now();
  const next = await auditMessageFactory(compiled, { tenants: Array.from({ length: TENANTS }, (_, i) => `tenant-${i + 1}`), startedAt });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  const began = performance.now();
  let bytes = 0;
  const inFlight = new Set();
  for (let sent = 0; sent < EVENTS; sent += BATCH) {
    const messages = [];
    for (let i = sent; i < Math.min(EVENTS, sent + BATCH); i += 1) {
      const message = next();
      bytes += message.value.length;
      messages.push(message);
    }
    const send = producer.send({ topic, acks: -1, messages }).finally(() => inFlight.delete(send));
    inFlight.add(send);
    if (inFlight.size >= 4) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await producer.disconnect();
  const seconds = (performance.now() - began) / 1000;
  say(
    `produced ${EVENTS} records (${(bytes / 1024 ** 2).toFixed(1)} MiB, ${Math.round(bytes / EVENTS)} bytes each) to ${topic} ` +
      `in ${seconds.toFixed(1)} s (${Math.round(EVENTS / seconds)}/s, batches of ${BATCH}, acks all)`,
  );
  return { from: new Date(startedAt - 60_000).toISOString() };
}

/** The project's replay, the way scripts/audit-replay.mjs runs it with --out. */
async function timeReplay(from, profile) {
  const out = join(workDir, 'replay.ndjson');
  const session = profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const began = performance.now();
  const result = await replay.replayAuditTopic({
    client: kafkaAdmin,
    topic,
    groupPrefix: prefix,
    filter: replay.replayFilterOf({ from }),
    progressEvery: 1_000_000_000,
  });
  const stream = createWriteStream(out);
  await replay.writeNdjson(result.records, stream);
  await new Promise((resolve, reject) => stream.end((error) => (error ? reject(error) : resolve())));
  const ms = performance.now() - began;
  let profileFile;
  if (session) {
    const { profile: cpuProfile } = await session.post('Profiler.stop');
    session.disconnect();
    profileFile = join(workDir, 'replay.cpuprofile');
    writeFileSync(profileFile, JSON.stringify(cpuProfile));
  }
  const size = statSync(out).size;
  rmSync(out);
  return { ms, read: result.read, written: result.records.length, counts: result.counts, complete: result.complete, size, profileFile };
}

/** The replay's per-record steps on in-memory messages: where its time goes, without Kafka. */
async function breakdown() {
  const next = await auditMessageFactory(compiled, {
    tenants: Array.from({ length: TENANTS }, (_, i) => `tenant-${i + 1}`),
    startedAt: Date.now(),
  });
  const messages = Array.from({ length: EVENTS }, () => {
    const { value, headers } = next();
    return {
      value: Buffer.from(value),
      headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)])),
    };
  });
  const time = async (label, work) => {
    const began = performance.now();
    const result = await work();
    const ms = performance.now() - began;
    say(`  ${label.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms  ${((ms * 1000) / EVENTS).toFixed(1).padStart(6)} µs/record`);
    return result;
  };
  const window = replay.replayFilterOf({ from: '1970-01-01' });
  say('in-memory breakdown of the replay per record (same records, no Kafka):');
  const collector = new replay.ReplayCollector(window);
  await time('ReplayCollector.offer, as published (headers)', () => messages.forEach((message) => collector.offer(message)));
  const headerless = new replay.ReplayCollector(window);
  await time('ReplayCollector.offer, without headers (parse+validate)', () => messages.forEach(({ value }) => headerless.offer({ value })));
  const sorted = await time('ReplayCollector.sorted', () => collector.sorted());
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  await time('writeNdjson (to a sink that discards)', () => replay.writeNdjson(sorted, sink));
  await time('parseReplayedRecords (before --rebuild)', () => replay.parseReplayedRecords(sorted));
}

/** A bare kafkajs consumer: same topic, from the beginning to the end offsets, counting messages. */
async function timeRaw() {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, Number(entry.high)]));
  const groupId = `${prefix}bench-raw-${runId()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 15_000, heartbeatInterval: 1_000 });
  const began = performance.now();
  let firstMessageMs;
  let count = 0;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const pending = new Set([...ends].filter(([, end]) => end > 0).map(([partition]) => partition));
  await new Promise((resolve) => {
    if (pending.size === 0) resolve();
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        firstMessageMs ??= performance.now() - began;
        const end = ends.get(batch.partition);
        for (const message of batch.messages) {
          if (Number(message.offset) >= end) break;
          count += 1;
        }
        if (Number(batch.lastOffset()) + 1 >= end && pending.delete(batch.partition)) {
          consumer.pause([{ topic, partitions: [batch.partition] }]);
          if (pending.size === 0) resolve();
        }
      },
    });
  });
  const ms = performance.now() - began;
  await consumer.disconnect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
  return { ms, read: count, firstMessageMs };
}

let exitCode = 1;
try {
  const { from } = await produce();
  const raws = [];
  const replays = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const raw = await timeRaw();
    raws.push(raw);
    say(
      `  raw consumer   round ${round}: ${raw.read} messages in ${(raw.ms / 1000).toFixed(2)} s = ${Math.round((raw.read * 1000) / raw.ms)} events/s (first batch after ${raw.firstMessageMs?.toFixed(0)} ms)`,
    );
    const result = await timeReplay(from, flags.profile && round === ROUNDS);
    replays.push(result);
    say(
      `  project replay round ${round}: ${result.read} read, ${result.written} written (${(result.size / 1024 ** 2).toFixed(1)} MiB NDJSON) in ` +
        `${(result.ms / 1000).toFixed(2)} s = ${Math.round((result.read * 1000) / result.ms)} events/s; ` +
        `filtered ${result.counts.filtered}, duplicates ${result.counts.duplicate}, invalid ${result.counts.invalid}${result.complete ? '' : ', INCOMPLETE'}`,
    );
  }
  clearInterval(rssTimer);
  const best = (runs) => runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
  const raw = best(raws);
  const project = best(replays);
  const rawRate = (raw.read * 1000) / raw.ms;
  const replayRate = (project.read * 1000) / project.ms;
  const correct = project.read === EVENTS && project.written === EVENTS && project.counts.invalid === 0 && raw.read === EVENTS;
  const pass = correct && replayRate >= TARGET_SHARE * rawRate;
  process.stdout.write(
    `\n${'reader'.padEnd(18)}${'events'.padStart(10)}${'seconds'.padStart(10)}${'events/s'.padStart(12)}\n` +
      `${'raw consumer'.padEnd(18)}${String(raw.read).padStart(10)}${(raw.ms / 1000).toFixed(2).padStart(10)}${Math.round(rawRate).toString().padStart(12)}\n` +
      `${'project replay'.padEnd(18)}${String(project.read).padStart(10)}${(project.ms / 1000).toFixed(2).padStart(10)}${Math.round(replayRate).toString().padStart(12)}\n` +
      `ratio replay / raw: ${((100 * replayRate) / rawRate).toFixed(1)}%   (bench process peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MiB)\n\n` +
      `target\n  ${pass ? 'PASS' : 'MISS'}  replay ≥ ${TARGET_SHARE * 100}% of the raw consumer's events/s, every record read and written, none invalid\n\n`,
  );
  if (!correct) say(`the replay did not return every record: read ${project.read}, written ${project.written} of ${EVENTS}`);
  if (flags.breakdown) await breakdown();
  if (project.profileFile) {
    say(`CPU profile of the last replay round: ${project.profileFile}`);
    printSummary(summariseProfile(JSON.parse((await import('node:fs')).readFileSync(project.profileFile, 'utf8'))));
  }
  exitCode = pass ? 0 : 1;
} catch (error) {
  say(`bench:replay failed: ${error.stack ?? error.message}`);
} finally {
  clearInterval(rssTimer);
  await deletePrefixedTopics(kafkaAdmin, prefix).catch((error) => say(`could not delete ${topic}: ${error.message}`));
  if (!flags.profile) rmSync(workDir, { recursive: true, force: true });
}
process.exit(exitCode);
