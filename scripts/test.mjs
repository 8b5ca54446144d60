// `npm test`: type-checks everything (jest's swc transform does not), brings up Kafka and FerretDB (unless
// KAFKA_BROKERS / MONGO_URL name existing servers), runs every jest project in band against them, and prints
// one closing count line. Under CI it stops the servers it started.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infra, infraRunning, run, say, ROOT } from './lib.mjs';

say('type-checking…');
if (run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']) !== 0) {
  say('type check failed; no tests were run');
  process.exit(1);
}

say('compiling dist/ (the durability tests run the services as real processes)…');
if (run('npm', ['run', '-s', 'build']) !== 0) process.exit(1);

const startedHere = !infraRunning();
if (infra('up') !== 0) {
  say('infrastructure did not start; see the messages above');
  process.exit(1);
}

const resultsFile = join(mkdtempSync(join(tmpdir(), 'followup-jest-')), 'results.json');
const jestBin = join(ROOT, 'node_modules/jest/bin/jest.js');
const status = run(
  process.execPath,
  [jestBin, '--runInBand', '--forceExit', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  {
    env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
  },
);

if (startedHere && process.env.CI) infra('down');

try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  process.stdout.write(
    `\nTests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped\n`,
  );
} catch {
  say('jest wrote no results file');
}
process.exit(status);
