// How scripts/fuzz.mjs drives schemathesis: its virtualenv (from the lock file), the two runs, and reading the
// JSON report.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../lib.mjs';
import { preparedPythonVenv, preparePythonVenv } from '../python-venv.mjs';

/** Every package of the virtualenv with its exact version and hashes (requirements.in says how to regenerate it). */
const LOCK_FILE = join(ROOT, 'scripts/fuzz/requirements.lock');

/** Keeps the server's answers out of generation, for runs that must generate the same cases every time. */
const DETERMINISTIC_CONFIG = join(ROOT, 'scripts/fuzz/deterministic.toml');

export const SCHEMATHESIS_VERSION = readFileSync(LOCK_FILE, 'utf8').match(/^schemathesis==(\S+)/m)[1];

const VENV = 'schemathesis-venv';
const schemathesisOf = (python) => join(dirname(python), 'schemathesis');

/** Makes the cached fuzzing virtualenv match requirements.lock (scripts/python-venv.mjs); returns the schemathesis binary. */
export const prepareFuzzVenv = () => schemathesisOf(preparePythonVenv(VENV, LOCK_FILE));

/** The schemathesis binary of an already prepared virtualenv (the test suite never installs anything itself). */
export const preparedSchemathesis = () => schemathesisOf(preparedPythonVenv(VENV, LOCK_FILE));

/** No 5xx, bodies match the declared schema, statuses are declared. */
export const CHECKS = ['not_a_server_error', 'response_schema_conformance', 'status_code_conformance'];

/**
 * `deterministic`: the same cases on every run (the seed, derandomized generation, which also leaves out the
 * example database, and deterministic.toml); otherwise each run explores new ones.
 */
export function fuzzRuns({ gatewayUrl, token, maxExamples, seed, deterministic }) {
  const common = [
    ...(deterministic ? ['--config-file', DETERMINISTIC_CONFIG] : []),
    'run',
    `${gatewayUrl}/api/docs-json`,
    '--checks',
    CHECKS.join(','),
    '--max-examples',
    String(maxExamples),
    '--phases',
    'examples,coverage,fuzzing',
    // One worker: with two, both threads parse lambdas' source with ast.parse at once, which Python 3.11.7
    // cannot do safely (CPython gh-106905: "SystemError: AST constructor recursion depth mismatch"), and
    // hypothesis reports that as a FlakyFailure (the "Runtime Error" of issue 9)
    '--workers',
    '1',
    '--request-timeout',
    '20',
    '--no-color',
    ...(seed === undefined ? [] : ['--seed', String(seed)]),
    ...(deterministic ? ['--generation-deterministic'] : []),
  ];
  return [
    { name: 'with an admin+crm token', slug: 'authenticated', args: [...common, '--header', `Authorization: Bearer ${token}`] },
    { name: 'without a token', slug: 'anonymous', args: common },
  ];
}

/** Runs one schemathesis invocation under a hard timeout and reads its JSON report. */
export async function summarize(binary, fuzzRun, { reportDir, timeoutSeconds }) {
  mkdirSync(reportDir, { recursive: true });
  const reportPath = join(reportDir, `${fuzzRun.slug}.json`);
  const junitPath = join(reportDir, `${fuzzRun.slug}.junit.xml`);
  const args = [...fuzzRun.args, '--report', 'json,junit', '--report-dir', reportDir, '--report-json-path', reportPath];
  args.push('--report-junit-path', junitPath);
  const { timedOut, code } = await new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
    let killedByTimer = false;
    const timer = setTimeout(() => {
      killedByTimer = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }, timeoutSeconds * 1000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ timedOut: killedByTimer, code: exitCode });
    });
  });
  if (!existsSync(reportPath)) {
    return { name: fuzzRun.name, operations: 0, cases: 0, failures: 1, timedOut, details: [`no report (schemathesis exited ${code})`] };
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const details = [
    ...(report.failures ?? []).map((failure) => `${failure.code} ${failure.title} ×${failure.count}: ${failure.operations.join(', ')}`),
    // an error of the fuzzer itself fails the run like a finding; the JSON report has only its title
    ...(report.errors ?? []).map((error) => `error: ${error.title} ×${error.count}`),
    ...(report.errors?.length ? junitErrors(binary, junitPath) : []),
  ];
  let failures = (report.test_cases?.unique_failures ?? 0) + (report.errors?.length ?? 0);
  if (failures === 0 && code !== 0 && !timedOut) {
    failures = 1;
    details.push(`schemathesis exited ${code} with nothing in its report`);
  }
  return {
    name: fuzzRun.name,
    operations: report.operations?.tested ?? 0,
    cases: report.test_cases?.generated ?? 0,
    failures,
    timedOut,
    details,
  };
}

/** The full text of each error in the JUnit report (for an exception, its traceback). */
function junitErrors(binary, junitPath) {
  if (!existsSync(junitPath)) return [`no JUnit report at ${junitPath} to read the error text from`];
  const script = [
    'import json, sys, xml.etree.ElementTree as tree',
    'cases = tree.parse(sys.argv[1]).iter("testcase")',
    'print(json.dumps([f"error on {c.get(\'name\')}: {e.text or e.get(\'message\')}" for c in cases for e in c.iter("error")]))',
  ].join('\n');
  const read = spawnSync(join(binary, '..', 'python'), ['-c', script, junitPath], { encoding: 'utf8' });
  return read.status === 0 ? JSON.parse(read.stdout) : [`reading ${junitPath} failed: ${read.stderr.trim()}`];
}
