import { INestApplication } from '@nestjs/common';
import { Environment, httpPort } from '@followup/config';
import { ServiceName } from '@followup/contracts';
import { startServiceApp } from './create-service-app';

/** A service process's entry point: create the app, listen on its port, exit non-zero if start-up fails. */
export function runService(service: ServiceName, createApp: () => Promise<INestApplication>): void {
  createApp()
    .then((app) => startServiceApp(app, httpPort(app.get(Environment), service), process.env.HOST ?? '127.0.0.1'))
    .catch((error: unknown) => {
      process.stderr.write(`${service} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
