import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The short schemathesis run (`npm run fuzz -- --quick`: 5 examples per operation, seed 1 and derandomized
 * generation, so the same cases on every run) as part of the suite: it starts the gateway and the
 * recommender from dist/ with their own topic and database prefix, and fuzzes every operation of the
 * OpenAPI document with and without a token. `--prepared`: npm test built dist/, installed the fuzzing
 * virtualenv and started Kafka and FerretDB before jest started; nothing is built or installed here.
 *
 * Any failure, an error of the fuzzer itself, a run that times out, a service that exits, or a run with no
 * cases fails the test.
 */
interface FuzzRun {
  name: string;
  operations: number;
  cases: number;
  failures: number;
  timedOut: boolean;
  details: string[];
}

jest.setTimeout(300_000);

it('schemathesis finds no 5xx, no undeclared status and no schema violation, with a token or without', async () => {
  const root = join(__dirname, '..', '..');
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['scripts/fuzz.mjs', '--quick', '--prepared'], {
      cwd: root,
      // the fuzzed services choose their own prefixes; the ones jest gave this file are not theirs
      env: { ...process.env, KAFKA_TOPIC_PREFIX: '', MONGO_DB_PREFIX: 'followup_' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    child.on('exit', (exitCode) => resolve({ code: exitCode, output: text }));
  });
  const line = output.split('\n').find((candidate) => candidate.startsWith('FUZZ_RESULT '));
  if (!line) throw new Error(`the fuzz run printed no result (exit ${code}):\n${output.slice(-3000)}`);
  const { runs, crashed } = JSON.parse(line.slice('FUZZ_RESULT '.length)) as { runs: FuzzRun[]; crashed: string[] };
  process.stderr.write(`${runs.map((run) => `${run.name}: ${run.cases} cases, ${run.failures} failures`).join('\n')}\n`);

  expect(crashed).toEqual([]);
  expect(runs).toHaveLength(2);
  for (const run of runs) {
    expect({ run: run.name, timedOut: run.timedOut }).toEqual({ run: run.name, timedOut: false });
    expect(run.operations).toBeGreaterThanOrEqual(10);
    expect(run.cases).toBeGreaterThan(100);
    expect({ run: run.name, failures: run.failures, details: run.details }).toEqual({ run: run.name, failures: 0, details: [] });
  }
});
