import { INestApplication } from '@nestjs/common';
import { constants, getPriority } from 'node:os';
import { Logger } from 'nestjs-pino';
import { Environment, httpPort } from '@followup/config';
import { ServiceName } from '@followup/contracts';
import { startServiceApp } from './create-service-app';
import { applyNiceness, nicenessOf } from './process-priority';
import { STOP_SIGNALS, stopOnSignals } from './shutdown-grace';

/**
 * A service process's entry point: create the app, take the service's CPU niceness (process-priority.ts), start its
 * consumers and listen on its port, then stop on a signal (stopOnSignals); exit non-zero if start-up fails.
 */
export function runService(service: ServiceName, createApp: () => Promise<INestApplication>): void {
  // until the app has started and can stop on a signal (while it waits for Kafka's topics or joins its groups, say),
  // one ends the process at once, as a crash would: node runs as PID 1 in the image and would ignore it
  const stopWhileStarting = (signal: NodeJS.Signals) => process.exit(128 + constants.signals[signal]);
  for (const signal of STOP_SIGNALS) process.once(signal, stopWhileStarting);
  createApp()
    .then(async (app) => {
      const environment = app.get(Environment);
      const niceness = nicenessOf(service, environment.PROCESS_NICENESS, getPriority());
      const refused = applyNiceness(niceness);
      if (refused) app.get(Logger).warn(`niceness ${niceness} not set on every thread: ${refused.message}`, 'ProcessPriority');
      await startServiceApp(app, httpPort(environment, service), environment.HOST);
      for (const signal of STOP_SIGNALS) process.removeListener(signal, stopWhileStarting);
      stopOnSignals(app, environment.SHUTDOWN_GRACE_MS, service);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${service} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
