import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { IncomingMessage } from 'node:http';
import { Environment } from '@followup/config';
import { ServiceName } from '@followup/contracts';
import { loggedUrl, REDACTED_PATHS } from './redaction';
import { requestIdOf } from './request-id';

/**
 * One JSON log format for every service: ISO time, level label, service, request_id, and the workflow
 * ids when known. Request bodies' values are never logged (a refused one's shape is: bodyShape in libs/http) and PII-bearing keys are censored wherever they
 * appear, so a lead's name, contacts or a draft cannot reach a log line by accident.
 */
@Module({})
export class FollowupLoggingModule {
  static forService(service: ServiceName): DynamicModule {
    return {
      module: FollowupLoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [Environment],
          useFactory: (environment: Environment) => {
            const options = {
              level: environment.LOG_LEVEL,
              base: { service },
              messageKey: 'message',
              timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
              formatters: { level: (label: string) => ({ level: label }) },
              redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
              genReqId: (request: IncomingMessage) => requestIdOf(request),
              customProps: (request: IncomingMessage) => ({ request_id: requestIdOf(request) }),
              autoLogging: { ignore: (request: IncomingMessage) => (request.url ?? '').startsWith('/health') },
              serializers: {
                req: (request: { method: string; url: string }) => ({ method: request.method, url: loggedUrl(request.url) }),
                res: (response: { statusCode: number }) => ({ status_code: response.statusCode }),
              },
              customSuccessMessage: () => 'request completed',
              customErrorMessage: () => 'request failed',
            };
            // LOG_FILE: the same lines, appended synchronously to a file (the log-canary test reads them back).
            return {
              pinoHttp: environment.LOG_FILE
                ? ([options, pino.destination({ dest: environment.LOG_FILE, mkdir: true, sync: true })] as [
                    typeof options,
                    pino.DestinationStream,
                  ])
                : options,
            };
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
