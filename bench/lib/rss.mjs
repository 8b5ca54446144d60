// Resident memory of the service processes: VmRSS from /proc/<pid>/status (Linux), sampled on an interval
// while load runs; the peak is the largest sample.
import { readdirSync, readFileSync } from 'node:fs';

export function rssBytes(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export const mib = (bytes) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 ** 2).toFixed(0)} MiB`);

export class RssSampler {
  constructor(intervalMs = 100) {
    this.intervalMs = intervalMs;
    /** label → { pid, idle, peak } */
    this.entries = new Map();
    this.timer = undefined;
  }

  /** Starts watching a process; its current RSS is recorded as its idle figure. */
  track(label, pid) {
    const idle = rssBytes(pid);
    this.entries.set(label, { pid, idle, peak: idle ?? 0 });
  }

  sample() {
    for (const entry of this.entries.values()) {
      const rss = rssBytes(entry.pid);
      if (rss !== undefined && rss > entry.peak) entry.peak = rss;
    }
  }

  start() {
    if (!this.timer) this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  rows() {
    return [...this.entries].map(([label, entry]) => ({ label, pid: entry.pid, idle: entry.idle, peak: entry.peak }));
  }
}

/** CPU time (user + system) a process has used so far, in seconds (/proc/<pid>/stat, 100 ticks per second). */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of the process, and with `withChildren` of its children too: PostgreSQL does its work in one
 * backend process per connection, children of the postmaster, whose time reaches the parent's counters (cutime,
 * cstime) only when they exit. Counted are the live children and the parent's counters of those that exited, so
 * a backend's time does not vanish from the total when it ends (leaving those counters out once gave a negative
 * PostgreSQL figure while FerretDB closed connections).
 */
export function cpuSeconds(pid, withChildren = false) {
  const own = statFields(pid);
  if (!own) return undefined;
  const ticks = (fields) => Number(fields[11]) + Number(fields[12]);
  const exitedChildren = (fields) => Number(fields[13]) + Number(fields[14]);
  let total = ticks(own);
  if (!withChildren) return total / 100;
  total += exitedChildren(own);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && Number(fields[1]) === pid) total += ticks(fields);
  }
  return total / 100;
}

/** CPU share of each process between `begin()` and `end()`: 100% is one core. */
export class CpuMeter {
  constructor(processes, { withChildren = [] } = {}) {
    /** label → pid, or a function returning the pid (a restarted service gets a new one) */
    this.processes = processes;
    /** labels whose live child processes count as theirs */
    this.withChildren = new Set(withChildren);
  }

  pids() {
    return Object.entries(this.processes).map(([label, pid]) => [label, typeof pid === 'function' ? pid() : pid]);
  }

  begin() {
    this.started = performance.now();
    this.before = new Map(this.pids().map(([label, pid]) => [label, { pid, cpu: cpuSeconds(pid, this.withChildren.has(label)) }]));
  }

  /** CPU seconds each process used since `begin()` (a process restarted meanwhile is left out). */
  used() {
    const used = {};
    for (const [label, pid] of this.pids()) {
      const before = this.before.get(label);
      const now = cpuSeconds(pid, this.withChildren.has(label));
      if (before?.pid === pid && before.cpu !== undefined && now !== undefined) used[label] = now - before.cpu;
    }
    return used;
  }

  /** CPU share of each process since `begin()`. */
  end() {
    const seconds = (performance.now() - this.started) / 1000;
    return Object.fromEntries(Object.entries(this.used()).map(([label, used]) => [label, (100 * used) / seconds]));
  }
}

export function describeCpu(shares) {
  return Object.entries(shares)
    .map(([label, share]) => `${label} ${share.toFixed(0)}%`)
    .join(', ');
}
