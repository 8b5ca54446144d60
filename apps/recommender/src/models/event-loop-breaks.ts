import { setImmediate } from 'node:timers/promises';

/** The longest stretch of synchronous work runWithBreaks does between two turns of the event loop. */
export const MAX_BLOCK_MS = 50;

/**
 * Runs work written as a generator that pauses between steps (a retrain reads thousands of summaries and fits on
 * tens of thousands of rows) to its end, letting the event loop run (timers, sockets, Kafka heartbeats) whenever
 * MAX_BLOCK_MS of work has gone by since its last turn. Returns the work's result.
 */
export async function runWithBreaks<T>(steps: Generator<void, T>): Promise<T> {
  let since = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - since >= MAX_BLOCK_MS) {
      await setImmediate();
      since = performance.now();
    }
  }
}

/** Runs work written as such a generator to its end in one go, and returns its result. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
