// The machine a benchmark ran on, printed at the top of every run so figures are never quoted without it.
import { spawnSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export function machineLine() {
  const cores = cpus();
  const gib = (bytes) => (bytes / 1024 ** 3).toFixed(1);
  return (
    `machine: ${cores.length} cores (${cores[0]?.model?.trim() ?? 'unknown cpu'}), ` +
    `${gib(totalmem())} GiB memory (${gib(freemem())} free), Node ${process.version}, ` +
    `load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`
  );
}

/** A short unique id for topic and database prefixes. */
export function runId() {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 0xffff)
    .toString(16)
    .padStart(4, '0')}`;
}

/** The pids of the local Kafka and FerretDB started by scripts/infra (none when they run elsewhere). */
export function infraPids(root) {
  const status = spawnSync('bash', [join(root, 'scripts/infra/infra.sh'), 'status'], { encoding: 'utf8' }).stdout ?? '';
  const pids = {};
  for (const match of status.matchAll(/\]\s+(\w+)\s+running\s+pid=(\d+)/g)) pids[match[1]] = Number(match[2]);
  return pids;
}
