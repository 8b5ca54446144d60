import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';

export const FORWARDED_SERVICES = ['compliance', 'delivery', 'audit'] as const;
export type ForwardedService = (typeof FORWARDED_SERVICES)[number];

export interface ForwardedRequest {
  method: string;
  /** Path and query string, exactly as the caller sent them. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface ForwardedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'x-request-id'];
const RESPONSE_HEADERS = ['content-type', 'retry-after'];

/**
 * Passes a request the gateway has authenticated and rate-limited to the service that owns the data, which
 * checks the caller's role itself, and returns its answer unchanged. A service that cannot be reached is the
 * spec's 503 in the standard body.
 */
@Injectable()
export class ForwardToServiceUseCase {
  private readonly baseUrls: Record<ForwardedService, string>;

  constructor(
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ForwardToServiceUseCase.name);
    this.baseUrls = { compliance: environment.COMPLIANCE_URL, delivery: environment.DELIVERY_URL, audit: environment.AUDIT_URL };
  }

  async execute(service: ForwardedService, request: ForwardedRequest): Promise<ForwardedResponse> {
    const headers: Record<string, string> = {};
    for (const name of REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const hasBody = !['GET', 'HEAD'].includes(request.method) && request.body !== undefined;
    let response: Response;
    try {
      response = await fetch(new URL(request.url, this.baseUrls[service]), {
        method: request.method,
        headers,
        body: hasBody ? JSON.stringify(request.body) : undefined,
        signal: AbortSignal.timeout(this.environment.FORWARD_TIMEOUT_MS),
      });
    } catch (error) {
      this.logger.warn({ error_code: ErrorCode.ServiceUnavailable, service, error_name: (error as Error).name }, 'service unreachable');
      throw new FollowupError(
        ErrorCode.ServiceUnavailable,
        `The ${service} service is temporarily unavailable. Retry after a few minutes.`,
        {
          service,
          retry_after_seconds: this.environment.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
        },
      );
    }
    const forwardedHeaders: Record<string, string> = {};
    for (const name of RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) forwardedHeaders[name] = value;
    }
    return { status: response.status, headers: forwardedHeaders, body: await response.text() };
  }
}
