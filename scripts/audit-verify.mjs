// `npm run audit:verify [-- --tenant <id>] [--db <database>]`: walks every tenant's audit hash chain in the
// audit service's database and reports the first break (sequence gap, hash or previous_hash mismatch,
// records removed from the end). Exit code 0 when every chain is intact, 1 on a break, 2 on a usage error.
import mongoose from 'mongoose';
import { compiled, parseFlags } from './lib.mjs';

const flags = parseFlags(process.argv.slice(2));
const { validateEnvironment, databaseName } = await compiled('libs/config/src/index.js');
const { verifyAuditChains, describeChainReport } = await compiled('apps/audit/src/replay/index.js');

if (flags.tenant === true || flags.db === true) {
  process.stderr.write('usage: npm run audit:verify [-- --tenant <id>] [--db <database>]\n');
  process.exit(2);
}
const environment = validateEnvironment(process.env);
const dbName = typeof flags.db === 'string' ? flags.db : databaseName(environment, 'audit');
const client = new mongoose.mongo.MongoClient(environment.MONGO_URL, { serverSelectionTimeoutMS: 5000 });
try {
  await client.connect();
  const reports = await verifyAuditChains(client.db(dbName), { tenant: typeof flags.tenant === 'string' ? flags.tenant : undefined });
  for (const report of reports) process.stdout.write(`${describeChainReport(report)}\n`);
  const broken = reports.filter((report) => report.break);
  const total = reports.reduce((sum, report) => sum + report.records, 0);
  process.stdout.write(
    `${dbName}: ${reports.length} tenant chain(s), ${total} record(s) checked, ${broken.length === 0 ? 'all intact' : `${broken.length} broken`}\n`,
  );
  process.exitCode = broken.length === 0 ? 0 : 1;
} finally {
  await client.close();
}
