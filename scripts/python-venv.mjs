// A cached Python virtualenv built from a hash-locked requirements file (pip installs only the locked wheels,
// checked against their hashes), under ${XDG_CACHE_HOME:-~/.cache}/followup-infra/<name>, rebuilt when the lock
// file or python3 changes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { run } from './lib.mjs';

function venvState(name, lockFile) {
  const venv = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'followup-infra', name);
  const python = spawnSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' });
  if (python.status !== 0) throw new Error(`python3 is needed for the ${name} virtualenv and does not run`);
  const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
  return {
    venv,
    python: join(venv, 'bin', 'python'),
    marker: join(venv, 'followup-lock'),
    expected: `${lockFile.split('/').pop()} sha256:${lockHash} python ${python.stdout.trim()}\n`,
  };
}

function isCurrent({ python, marker, expected }) {
  return existsSync(python) && existsSync(marker) && readFileSync(marker, 'utf8') === expected;
}

/**
 * The virtualenv's python, after making the virtualenv match the lock file (rebuilt from scratch when stale).
 * `checkRequirements: false` is for a lock that deliberately holds a package without its requirements (a
 * wheel taken only for the files it ships), which `pip check` would report as broken.
 */
export function preparePythonVenv(name, lockFile, { checkRequirements = true } = {}) {
  const state = venvState(name, lockFile);
  if (isCurrent(state)) return state.python;
  rmSync(state.venv, { recursive: true, force: true });
  mkdirSync(join(state.venv, '..'), { recursive: true });
  const pip = ['install', '--quiet', '--disable-pip-version-check', '--no-deps', '--require-hashes', '--only-binary', ':all:'];
  if (
    run('python3', ['-m', 'venv', state.venv]) !== 0 ||
    run(state.python, ['-m', 'pip', ...pip, '-r', lockFile]) !== 0 ||
    (checkRequirements && run(state.python, ['-m', 'pip', 'check', '--disable-pip-version-check']) !== 0)
  ) {
    throw new Error(`installing ${lockFile} into ${state.venv} failed (see the messages above)`);
  }
  writeFileSync(state.marker, state.expected);
  return state.python;
}

/** The python of a virtualenv that must already match its lock file (the test suite never installs anything itself). */
export function preparedPythonVenv(name, lockFile) {
  const state = venvState(name, lockFile);
  if (!isCurrent(state)) throw new Error(`the ${name} virtualenv ${state.venv} is missing or does not match ${lockFile}`);
  return state.python;
}
