import type { INestApplicationContext } from '@nestjs/common';

/** The signals that ask a service to stop (an orchestrator's SIGTERM, a terminal's SIGINT); Nest's shutdown hooks handle them. */
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** What of `process` the grace needs. */
export interface StoppableProcess {
  once(signal: (typeof STOP_SIGNALS)[number], listener: () => void): unknown;
  exit(code: number): never;
  stderr: { write(text: string): unknown };
}

/**
 * Exits the process (code 1, with a line on stderr) when the shutdown a stop signal began is not over `graceMs` later.
 * A consumer stopped while its group rebalances waits for that rebalance (up to its 20 s rebalance timeout), and a
 * batch in flight waits for its database; an orchestrator cuts a stop longer than its grace short with SIGKILL and no
 * word (compose: stop_grace_period). Exiting is a crash the services survive: what was not committed is delivered again.
 */
export function exitWhenShutdownOutlasts(graceMs: number, service: string, target: StoppableProcess = process): void {
  let armed = false;
  for (const signal of STOP_SIGNALS) {
    target.once(signal, () => {
      if (armed) return;
      armed = true;
      // a shutdown over in time ends the process first (stopOnSignals: process.exit once Nest's hooks are done);
      // unref, so the timer alone never keeps a process whose work is over alive
      setTimeout(() => {
        target.stderr.write(`${service} had not shut down ${graceMs} ms after ${signal}: exiting (SHUTDOWN_GRACE_MS)\n`);
        target.exit(1);
      }, graceMs).unref();
    });
  }
}

/**
 * How a service process stops on a signal: Nest's shutdown hooks, then `process.exit` once they are done (in the
 * image node is PID 1, which ignores the signal Nest would otherwise send itself again; pino's lines are flushed on
 * 'exit'), within SHUTDOWN_GRACE_MS (exitWhenShutdownOutlasts). For a process's own application only (runService):
 * the applications a test runs inside the test runner are closed by the test, and must not end its process.
 */
export function stopOnSignals(app: INestApplicationContext, graceMs: number, service: string): void {
  app.enableShutdownHooks([...STOP_SIGNALS], { useProcessExit: true });
  exitWhenShutdownOutlasts(graceMs, service);
}
