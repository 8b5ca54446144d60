import { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ServiceName } from '@followup/contracts';
import { REQUEST_ID_HEADER, requestIdOf } from '@followup/logging';
import { kafkaConsumerOptions, provisionTopics } from '@followup/messaging';
import { ApiExceptionFilter } from './api-exception.filter';
import { ContractValidationPipe } from './contract-validation.pipe';

export interface ServiceAppOptions {
  /** Whether the service consumes Kafka events (all five do). */
  consumesEvents: boolean;
  configureHttp?: (app: NestExpressApplication, environment: Environment) => void;
}

/**
 * The start-up every service shares: structured logging, the error body and validation, X-Request-Id on
 * every response, the catalog's topics, and the Kafka consumer beside the HTTP server. Returns an app that
 * is initialised but not listening, so main.ts and the integration tests choose the port.
 */
export async function createServiceApp(
  service: ServiceName,
  module: unknown,
  options: ServiceAppOptions,
  nestOptions: NestApplicationOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module as never, { bufferLogs: true, bodyParser: false, ...nestOptions });
  const environment = app.get(Environment);
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  app.use((request: Parameters<typeof requestIdOf>[0], response: { setHeader(name: string, value: string): void }, next: () => void) => {
    response.setHeader(REQUEST_ID_HEADER, requestIdOf(request));
    next();
  });
  app.useBodyParser('json', { limit: environment.HTTP_BODY_LIMIT });
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(new ContractValidationPipe());
  options.configureHttp?.(app, environment);
  if (options.consumesEvents) {
    await provisionTopics(environment, `followup-${service}`);
    app.connectMicroservice<MicroserviceOptions>(kafkaConsumerOptions(environment, service));
  }
  return app;
}

/** Starts consumers and the HTTP server; resolves once both run. */
export async function startServiceApp(app: INestApplication, port: number, host = '127.0.0.1'): Promise<void> {
  await app.startAllMicroservices();
  await app.listen(port, host);
}
