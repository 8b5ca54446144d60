// Helpers shared by the project's command-line scripts (plain Node, no build step needed for these).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import 'reflect-metadata';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVICES = ['gateway', 'recommender', 'compliance', 'delivery', 'audit'];

/** The spec's example request body, shared by npm start, npm run demo and the tests. */
export const SPEC_EXAMPLE_REQUEST = JSON.parse(readFileSync(join(ROOT, 'scripts/spec-example-request.json'), 'utf8'));

export function say(message) {
  process.stdout.write(`[followup] ${message}\n`);
}

/** Runs a command to completion with inherited output; returns its exit code. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/**
 * One preparation step between a progress line and a done line with its duration. The step returns false or
 * throws to fail; then the process exits. Returns what the step returned.
 */
export function prepare(what, step) {
  say(`preparing ${what}…`);
  const started = performance.now();
  let result;
  try {
    result = step();
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    result = false;
  }
  if (result === false) {
    say(`preparing ${what} failed (see above)`);
    process.exit(1);
  }
  say(`${what}: ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

export function infra(action) {
  return run('bash', [join(ROOT, 'scripts/infra/infra.sh'), action]);
}

export function infraRunning() {
  return spawnSync('bash', [join(ROOT, 'scripts/infra/infra.sh'), 'status'], { cwd: ROOT, stdio: 'ignore' }).status === 0;
}

/** The compiled project (npm ci builds it through `prepare`; `npm start` rebuilds). */
export async function compiled(modulePath) {
  const file = join(ROOT, 'dist', modulePath);
  if (!existsSync(file)) {
    say('compiling (dist/ is missing)…');
    if (run('npm', ['run', '-s', 'build']) !== 0) process.exit(1);
  }
  return import(file);
}

export function parseFlags(argv) {
  const flags = {};
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i].startsWith('--')) {
      const next = argv[i + 1];
      flags[argv[i].slice(2)] = next === undefined || next.startsWith('--') ? true : argv[++i];
    }
  }
  return flags;
}

/** Stops a child process: SIGTERM, then SIGKILL if it has not exited within 10 s. */
export function terminate(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export { spawn };
