import { INestApplication } from '@nestjs/common';
import { constants } from 'node:os';
import { Environment, httpPort } from '@followup/config';
import { ServiceName } from '@followup/contracts';
import { startServiceApp } from './create-service-app';
import { STOP_SIGNALS, stopOnSignals } from './shutdown-grace';

/**
 * A service process's entry point: create the app, listen on its port, stop on a signal (stopOnSignals), exit
 * non-zero if start-up fails.
 */
export function runService(service: ServiceName, createApp: () => Promise<INestApplication>): void {
  // until the app can stop on a signal (while it waits for Kafka's topics, say), one ends the process at once, as a
  // crash would: node runs as PID 1 in the image and would ignore it
  const stopWhileStarting = (signal: NodeJS.Signals) => process.exit(128 + constants.signals[signal]);
  for (const signal of STOP_SIGNALS) process.once(signal, stopWhileStarting);
  createApp()
    .then((app) => {
      for (const signal of STOP_SIGNALS) process.removeListener(signal, stopWhileStarting);
      const environment = app.get(Environment);
      stopOnSignals(app, environment.SHUTDOWN_GRACE_MS, service);
      return startServiceApp(app, httpPort(environment, service), environment.HOST);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${service} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
