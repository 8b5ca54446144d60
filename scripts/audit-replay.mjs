// `npm run audit:replay -- --from <time> [--to <time>] [--lead <id>] [--tenant <id>] [--out file.ndjson]
//   [--rebuild [--db <database>] [--force]] [--progress-every <n>]`
// Reads the audit topic from the offsets at --from up to the end offsets that existed at the start, and
// writes the matching records (recorded_at in [from, to)) as canonical NDJSON, ordered by tenant then
// sequence, to --out or stdout. Progress and the closing counts go to stderr. --rebuild writes them into
// an empty audit database instead (default: the audit service's own, which is refused when not empty)
// and verifies the hash chains there. Exit code 1 if the rebuilt chains do not verify, 2 on usage errors.
import { createWriteStream } from 'node:fs';
import mongoose from 'mongoose';
import { compiled, parseFlags } from './lib.mjs';

const flags = parseFlags(process.argv.slice(2));
const { validateEnvironment, databaseName } = await compiled('libs/config/src/index.js');
const { busTopic, kafkaClientConfig } = await compiled('libs/messaging/src/index.js');
const { Topics } = await compiled('libs/contracts/src/index.js');
const replay = await compiled('apps/audit/src/replay/index.js');

const log = (line) => process.stderr.write(`${line}\n`);
let filter;
try {
  filter = replay.replayFilterOf(flags);
} catch (error) {
  log(
    `${error.message}\nusage: npm run audit:replay -- --from <time> [--to <time>] [--lead <id>] [--tenant <id>] [--out file.ndjson] [--rebuild [--db <name>] [--force]]`,
  );
  process.exit(2);
}
const environment = validateEnvironment(process.env);
const started = Date.now();
const result = await replay.replayAuditTopic({
  client: kafkaClientConfig(environment, 'admin', 'followup-audit-replay'),
  topic: busTopic(environment, Topics.AuditRecorded),
  groupPrefix: environment.KAFKA_TOPIC_PREFIX,
  filter,
  progressEvery: Number(flags['progress-every'] ?? 1000),
  onProgress: log,
});
if (!result.complete) log('warning: stopped waiting for a partition that delivered nothing more; the output may be short');

if (flags.rebuild) {
  const dbName = typeof flags.db === 'string' ? flags.db : databaseName(environment, 'audit');
  const client = new mongoose.mongo.MongoClient(environment.MONGO_URL, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    const db = client.db(dbName);
    const written = await replay.rebuildAuditDatabase(db, result.records, { force: Boolean(flags.force) });
    log(`rebuilt ${dbName} with ${written} record(s)`);
    const reports = await replay.verifyAuditChains(db);
    for (const report of reports) log(replay.describeChainReport(report));
    process.exitCode = reports.some((report) => report.break) ? 1 : 0;
  } catch (error) {
    log(error.message);
    process.exitCode = error.name === 'AuditDatabaseNotEmptyError' ? 2 : 1;
  } finally {
    await client.close();
  }
} else {
  const out = typeof flags.out === 'string' ? createWriteStream(flags.out) : process.stdout;
  await replay.writeNdjson(result.records, out);
  if (out !== process.stdout) await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}
log(
  `replay done in ${Date.now() - started} ms: read ${result.read}, written ${result.records.length}, ` +
    `filtered ${result.counts.filtered}, duplicates ${result.counts.duplicate}, invalid ${result.counts.invalid}; ` +
    `per tenant ${JSON.stringify(result.byTenant)}`,
);
