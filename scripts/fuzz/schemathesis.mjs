// How scripts/fuzz.mjs drives schemathesis: the pinned version, the two runs, and reading the JSON report.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Pinned; 4.x runs on Python 3.9+ (the machine has 3.11). */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** No 5xx, bodies match the declared schema, statuses are declared. */
export const CHECKS = ['not_a_server_error', 'response_schema_conformance', 'status_code_conformance'];

export function fuzzRuns({ gatewayUrl, token, maxExamples, seed }) {
  const common = [
    'run',
    `${gatewayUrl}/api/docs-json`,
    '--checks',
    CHECKS.join(','),
    '--max-examples',
    String(maxExamples),
    '--phases',
    'examples,coverage,fuzzing',
    '--workers',
    '2',
    '--request-timeout',
    '20',
    '--no-color',
    ...(seed === undefined ? [] : ['--seed', String(seed)]),
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
  const args = [...fuzzRun.args, '--report', 'json,junit', '--report-dir', reportDir, '--report-json-path', reportPath];
  args.push('--report-junit-path', join(reportDir, `${fuzzRun.slug}.junit.xml`));
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
    ...(report.errors ?? []).map((error) => `error: ${JSON.stringify(error).slice(0, 300)}`),
  ];
  return {
    name: fuzzRun.name,
    operations: report.operations?.tested ?? 0,
    cases: report.test_cases?.generated ?? 0,
    failures: (report.test_cases?.unique_failures ?? 0) + (report.errors?.length ?? 0),
    timedOut,
    details,
  };
}
