// Another commit of this repository, checked out and built in a temporary git worktree, so a benchmark can run
// its dist/ next to this checkout's (bench:api --against). Its node_modules is this checkout's (a symlink) when
// both package-lock.json files are identical, else `npm ci` installs its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function git(root, args) {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout.trim();
}

/** Runs a step with a progress line before and a done line with its duration after; its output is inherited. */
function step(say, what, command, args, cwd) {
  say(`${what}…`);
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')} exited with ${result.status ?? result.signal})`);
  say(`${what}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Checks out `ref` into a new temporary worktree of the repository at `root` and builds it there.
 * Returns `{ dir, commit, remove }`; `remove()` deletes the worktree (call it also when a later step fails).
 */
export function buildWorktree({ root, ref, say }) {
  const commit = git(root, ['rev-parse', '--verify', `${ref}^{commit}`]);
  const dir = mkdtempSync(join(tmpdir(), `followup-${commit.slice(0, 7)}-`));
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    const result = spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      spawnSync('git', ['worktree', 'prune'], { cwd: root });
    }
  };
  try {
    say(`checking out ${ref} (${commit.slice(0, 10)}) into ${dir}`);
    git(root, ['worktree', 'add', '--detach', dir, commit]);
    const sameLock = readFileSync(join(root, 'package-lock.json'), 'utf8') === readFileSync(join(dir, 'package-lock.json'), 'utf8');
    if (sameLock) {
      say(`${ref} has the same package-lock.json: using this checkout's node_modules (symlink)`);
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    } else {
      say(`${ref} has another package-lock.json: installing its own dependencies with npm ci`);
      step(say, `npm ci in the worktree of ${ref}`, 'npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
    }
    step(say, `building ${ref} (npm run build in ${dir})`, 'npm', ['run', '-s', 'build'], dir);
    return { dir, commit, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** This checkout's commit, marked when the working tree has uncommitted changes. */
export function describeCheckout(root) {
  const commit = git(root, ['rev-parse', '--short=10', 'HEAD']);
  const dirty = git(root, ['status', '--porcelain', '--untracked-files=no']) !== '';
  return dirty ? `${commit}+changes` : commit;
}
