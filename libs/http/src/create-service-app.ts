import { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CustomStrategy } from '@nestjs/microservices';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { Environment, memoizeValidationMetadata } from '@followup/config';
import { ServiceName } from '@followup/contracts';
import { REQUEST_ID_HEADER, requestIdOf } from '@followup/logging';
import { awaitServiceTopics, FetchPacing, kafkaConsumerServer } from '@followup/messaging';
import { ApiExceptionFilter } from './api-exception.filter';
import { ContractValidationPipe } from './contract-validation.pipe';

/** Where the gateway serves Swagger UI and its assets: the only pages meant for a browser. */
export const DOCS_PATH_PREFIX = '/api/docs';

/** JSON only: nothing may be loaded, framed or submitted from an API response. */
const apiSecurityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  },
});

/**
 * Swagger UI: its own scripts and stylesheet, inline <style> blocks, data: icons, and fetches of the JSON
 * document from the same origin. No `upgrade-insecure-requests`, so the page also works over plain HTTP.
 */
const docsSecurityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
});

function isDocsPath(path: string): boolean {
  return path === DOCS_PATH_PREFIX || path.startsWith(`${DOCS_PATH_PREFIX}/`) || path.startsWith(`${DOCS_PATH_PREFIX}-`);
}

/** CORS_ALLOWED_ORIGINS as a list (comma-separated, exact match, no wildcard). */
export function allowedOrigins(setting: string): string[] {
  return setting
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

export function corsOptions(origins: readonly string[]): CorsOptions {
  return {
    // an origin not listed gets no CORS headers at all, so the browser refuses the response
    origin: (origin, callback) => callback(null, origin !== undefined && origins.includes(origin)),
    methods: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', REQUEST_ID_HEADER, 'Idempotency-Key'],
    exposedHeaders: [REQUEST_ID_HEADER, 'X-Recommendation-Confidence', 'Idempotent-Replayed', 'Retry-After'],
    maxAge: 600,
  };
}

/**
 * helmet's headers on every response (a strict CSP for the API, one Swagger UI can live with on the docs), no
 * stored copy of any answer under /api/ (lead names, drafts and restricted texts must not stay in a shared
 * machine's browser cache; set before routing, so errors and forwarded answers carry it too), and CORS closed
 * unless configured.
 */
function applySecurityHeaders(app: NestExpressApplication, corsAllowedOrigins: string): void {
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.path.startsWith('/api/')) response.setHeader('Cache-Control', 'no-store');
    (isDocsPath(request.path) ? docsSecurityHeaders : apiSecurityHeaders)(request, response, next);
  });
  app.enableCors(corsOptions(allowedOrigins(corsAllowedOrigins)));
}

/** Deeper than any DTO nests; class-transformer recurses per level, so thousands of levels overflow its stack (a 500). */
export const MAX_JSON_DEPTH = 64;

/** body-parser `verify` hook: refuses JSON nested deeper than MAX_JSON_DEPTH before it is parsed (400 INVALID_REQUEST). */
export function refuseDeepNesting(_request: unknown, _response: unknown, body: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < body.length; index += 1) {
    const byte = body[index];
    if (inString) {
      if (byte === 0x5c)
        index += 1; // backslash: skip the escaped character
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) throw Object.assign(new Error('JSON nested too deeply'), { status: 400 });
    } else if (byte === 0x7d || byte === 0x5d) {
      depth -= 1;
    }
  }
}

export interface ServiceAppOptions {
  /**
   * How the service consumes Kafka events through Nest's Kafka server (FetchPacing: `at_once` on the way of an HTTP
   * answer, `batched` off it), or `none` (audit reads with kafkajs batch consumers of its own).
   */
  consumesEvents: FetchPacing | 'none';
  configureHttp?: (app: NestExpressApplication, environment: Environment) => void;
}

/**
 * The start-up every service shares: structured logging, the error body and validation (class-validator's rule
 * lookups memoized), X-Request-Id on every response, the catalog's topics, and the Kafka consumer beside the HTTP server. Returns an app that
 * is initialised but not listening, so main.ts and the integration tests choose the port.
 */
export async function createServiceApp(
  service: ServiceName,
  module: unknown,
  options: ServiceAppOptions,
  nestOptions: NestApplicationOptions = {},
): Promise<NestExpressApplication> {
  memoizeValidationMetadata();
  const app = await NestFactory.create<NestExpressApplication>(module as never, { bufferLogs: true, bodyParser: false, ...nestOptions });
  const environment = app.get(Environment);
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.disable('x-powered-by');
  applySecurityHeaders(app, environment.CORS_ALLOWED_ORIGINS);
  app.use((request: Parameters<typeof requestIdOf>[0], response: { setHeader(name: string, value: string): void }, next: () => void) => {
    response.setHeader(REQUEST_ID_HEADER, requestIdOf(request));
    next();
  });
  app.useBodyParser('json', { limit: environment.HTTP_BODY_LIMIT, verify: refuseDeepNesting });
  app.useGlobalFilters(
    new ApiExceptionFilter(environment.REJECTION_LOG_INTERVAL_SECONDS * 1000, environment.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS),
  );
  app.useGlobalPipes(new ContractValidationPipe());
  options.configureHttp?.(app, environment);
  if (options.consumesEvents !== 'none') {
    await awaitServiceTopics(environment, service);
    app.connectMicroservice<CustomStrategy>(kafkaConsumerServer(environment, service, options.consumesEvents));
  }
  return app;
}

/** Starts consumers and the HTTP server; resolves once both run. */
export async function startServiceApp(app: INestApplication, port: number, host = '127.0.0.1'): Promise<void> {
  await app.startAllMicroservices();
  await app.listen(port, host);
}
