import { INestApplication } from '@nestjs/common';
import { Environment, httpPort } from '@followup/config';
import { ServiceName } from '@followup/contracts';
import { startServiceApp } from './create-service-app';
import { stopOnSignals } from './shutdown-grace';

/**
 * A service process's entry point: create the app, listen on its port, stop on a signal (stopOnSignals), exit
 * non-zero if start-up fails.
 */
export function runService(service: ServiceName, createApp: () => Promise<INestApplication>): void {
  createApp()
    .then((app) => {
      const environment = app.get(Environment);
      stopOnSignals(app, environment.SHUTDOWN_GRACE_MS, service);
      return startServiceApp(app, httpPort(environment, service), environment.HOST);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${service} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
