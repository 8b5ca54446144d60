// `npm run audit:verify [-- --tenant <id>] [--db <database>] [--public-key <file>] [--checkpoints <file>]`:
// walks every tenant's audit hash chain in the audit service's database and checks every signed checkpoint
// in it with the public key alone (--public-key, else AUDIT_VERIFY_PUBLIC_KEY, else the development key
// where development defaults are allowed), and the chain against checkpoints kept outside the database
// (--checkpoints: a saved GET /api/v1/audit/checkpoints body, a JSON array or NDJSON). Reports the first
// break per tenant: a sequence gap, a hash or previous_hash mismatch, records removed from the end, a
// checkpoint whose signature does not verify or whose signed head is not the chain's. Exit code 0 when
// every chain is intact, 1 on a break, 2 on a usage error.
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { compiled, parseFlags } from './lib.mjs';

const USAGE = 'usage: npm run audit:verify [-- --tenant <id>] [--db <database>] [--public-key <file>] [--checkpoints <file>]\n';
const flags = parseFlags(process.argv.slice(2));
const { validateEnvironment, databaseName } = await compiled('libs/config/src/index.js');
const { verifyAuditChains, describeChainReport, verifyKeysAt, describeVerifyKeys, parseKeptCheckpoints } =
  await compiled('apps/audit/src/replay/index.js');

if ([flags.tenant, flags.db, flags['public-key'], flags.checkpoints].includes(true)) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const environment = validateEnvironment(process.env);
let publicKeys;
let keptCheckpoints;
try {
  publicKeys = verifyKeysAt(environment, flags['public-key']);
  if (typeof flags.checkpoints === 'string') keptCheckpoints = parseKeptCheckpoints(readFileSync(flags.checkpoints, 'utf8'));
} catch (error) {
  process.stderr.write(`${error.message}\n${USAGE}`);
  process.exit(2);
}
process.stdout.write(`${describeVerifyKeys(publicKeys)}\n`);
if (keptCheckpoints) process.stdout.write(`${keptCheckpoints.length} kept checkpoint(s) from ${flags.checkpoints}\n`);
const dbName = typeof flags.db === 'string' ? flags.db : databaseName(environment, 'audit');
const client = new mongoose.mongo.MongoClient(environment.MONGO_URL, { serverSelectionTimeoutMS: 5000 });
try {
  await client.connect();
  const reports = await verifyAuditChains(client.db(dbName), {
    tenant: typeof flags.tenant === 'string' ? flags.tenant : undefined,
    publicKeys: publicKeys.keys,
    keptCheckpoints,
  });
  for (const report of reports) process.stdout.write(`${describeChainReport(report)}\n`);
  const broken = reports.filter((report) => report.break);
  const total = reports.reduce((sum, report) => sum + report.records, 0);
  const signed = reports.reduce((sum, report) => sum + report.checkpoints, 0);
  process.stdout.write(
    `${dbName}: ${reports.length} tenant chain(s), ${total} record(s) and ${signed} checkpoint(s) checked, ${broken.length === 0 ? 'all intact' : `${broken.length} broken`}\n`,
  );
  process.exitCode = broken.length === 0 ? 0 : 1;
} finally {
  await client.close();
}
