import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { ServiceName } from '@followup/contracts';

/**
 * The niceness a service runs at unless PROCESS_NICENESS says otherwise. An HTTP caller waits on the gateway and the
 * recommender (a recommendation's answer); nobody waits on compliance's screenings, delivery's sends or the audit
 * trail as they happen, and their consumers take a fetch's events at once, in bursts. On a host the services share,
 * those bursts delayed the answers in flight: at 50 requests/s the slowest hundredth of them took 114–239 ms in three
 * one-minute runs, 71–96 ms in three with the three yielding, though single runs with them yielding still went over
 * 100 ms (docs/PROOF.md, "The request path first").
 */
export const DEFAULT_NICENESS: Readonly<Record<ServiceName, number>> = {
  gateway: 0,
  recommender: 0,
  compliance: 10,
  delivery: 10,
  audit: 10,
};

/**
 * PROCESS_NICENESS when set; else the service's default, or the niceness the process was started with (`nice -n`,
 * an orchestrator) when that is higher.
 */
export function nicenessOf(service: ServiceName, setting: number | undefined, startedWith: number): number {
  return setting ?? Math.max(DEFAULT_NICENESS[service], startedWith);
}

/** This process's threads on Linux (it throws when /proc cannot be read); elsewhere the process alone (0: the caller). */
function threadIds(): number[] {
  if (process.platform !== 'linux') return [0];
  return readdirSync('/proc/self/task').map(Number);
}

/** A thread that ended since its id was listed: nothing left to set. */
function isGone(error: unknown): boolean {
  return (error as { info?: { code?: string } }).info?.code === 'ESRCH';
}

/**
 * Gives every thread of this process `niceness`. On Linux a niceness belongs to a thread (setpriority(2), "Bugs"): the
 * garbage collector's and the compiler's threads, started before this call, would keep theirs; threads started later
 * take the one of the thread that starts them. Returns the first failure after trying every thread (a niceness below
 * the one the process was started with needs a privilege), or the reason the threads could not be listed, in which
 * case only the calling thread was set.
 */
export function applyNiceness(
  niceness: number,
  threads?: readonly number[],
  set: (thread: number, niceness: number) => void = setPriority,
): Error | undefined {
  let failure: Error | undefined;
  let targets: readonly number[];
  try {
    targets = threads ?? threadIds();
  } catch (error) {
    failure = error as Error;
    targets = [0];
  }
  for (const thread of targets) {
    try {
      set(thread, niceness);
    } catch (error) {
      if (!isGone(error)) failure ??= error as Error;
    }
  }
  return failure;
}
