// `npm run audit:replay -- --from <time> [--to <time>] [--lead <id>] [--tenant <id>] [--out file.ndjson]
//   [--rebuild [--db <database>] [--force] [--public-key <file>]] [--progress-every <n>]`
// Reads the audit topic from the offsets at --from up to the end offsets that existed at the start, and
// writes the matching records (recorded_at in [from, to)) as canonical NDJSON, ordered by tenant then
// sequence, to --out or stdout. Progress and the closing counts go to stderr. --rebuild writes them into
// an empty audit database instead (default: the audit service's own, which is refused when not empty)
// and verifies the hash chains there, and their checkpoints with the public key as audit:verify does
// (--public-key, else AUDIT_VERIFY_PUBLIC_KEY, else the development key where development defaults are
// allowed). A replay that stopped waiting for a quiet partition writes its output with a warning and
// rebuilds nothing. Exit code 1 if the replay is incomplete or the rebuilt chains do not verify, 2 on
// usage errors and without a key for --rebuild.
import { createWriteStream } from 'node:fs';
import mongoose from 'mongoose';
import { compiled, parseFlags } from './lib.mjs';

const USAGE =
  'usage: npm run audit:replay -- --from <time> [--to <time>] [--lead <id>] [--tenant <id>] [--out file.ndjson] [--rebuild [--db <name>] [--force] [--public-key <file>]]';
const flags = parseFlags(process.argv.slice(2));
const { validateEnvironment, databaseName } = await compiled('libs/config/src/index.js');
const { busTopic, kafkaClientConfig } = await compiled('libs/messaging/src/index.js');
const { Topics } = await compiled('libs/contracts/src/index.js');
const replay = await compiled('apps/audit/src/replay/index.js');

const log = (line) => process.stderr.write(`${line}\n`);
let filter;
try {
  filter = replay.replayFilterOf(flags);
  if (flags['public-key'] === true) throw new Error('--public-key needs a file');
} catch (error) {
  log(`${error.message}\n${USAGE}`);
  process.exit(2);
}
const environment = validateEnvironment(process.env);
let publicKeys;
if (flags.rebuild) {
  try {
    publicKeys = replay.verifyKeysAt(environment, flags['public-key']);
  } catch (error) {
    log(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  log(replay.describeVerifyKeys(publicKeys));
}
const started = Date.now();
const result = await replay.replayAuditTopic({
  client: kafkaClientConfig(environment, 'admin', 'followup-audit-replay'),
  topic: busTopic(environment, Topics.AuditRecorded),
  groupPrefix: environment.KAFKA_TOPIC_PREFIX,
  filter,
  progressEvery: Number(flags['progress-every'] ?? 1000),
  onProgress: log,
});
const step = replay.replayStepFor(result, Boolean(flags.rebuild));

if (step.action === 'refuse_rebuild') {
  log(step.reason);
  process.exitCode = step.exitCode;
} else if (step.action === 'rebuild') {
  const dbName = typeof flags.db === 'string' ? flags.db : databaseName(environment, 'audit');
  const client = new mongoose.mongo.MongoClient(environment.MONGO_URL, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    const db = client.db(dbName);
    const written = await replay.rebuildAuditDatabase(db, result.records, { force: Boolean(flags.force) });
    log(`rebuilt ${dbName} with ${written} record(s)`);
    const reports = await replay.verifyAuditChains(db, { publicKeys: publicKeys.keys });
    for (const report of reports) log(replay.describeChainReport(report));
    process.exitCode = replay.rebuiltChainsExitCode(reports);
  } catch (error) {
    log(error.message);
    process.exitCode = error.name === 'AuditDatabaseNotEmptyError' ? 2 : 1;
  } finally {
    await client.close();
  }
} else {
  if (step.warning) log(step.warning);
  const out = typeof flags.out === 'string' ? createWriteStream(flags.out) : process.stdout;
  await replay.writeNdjson(result.records, out);
  if (out !== process.stdout) await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  process.exitCode = step.exitCode;
}
log(
  `replay done in ${Date.now() - started} ms: read ${result.read}, written ${step.action === 'refuse_rebuild' ? 0 : result.records.length}, ` +
    `filtered ${result.counts.filtered}, duplicates ${result.counts.duplicate}, invalid ${result.counts.invalid}; ` +
    `per tenant ${JSON.stringify(result.byTenant)}`,
);
