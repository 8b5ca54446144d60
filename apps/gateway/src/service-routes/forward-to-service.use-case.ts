import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { REQUEST_ID_HEADER } from '@followup/logging';
import { ForwardedRoute, ForwardedService, forwardedServiceUrls, forwardTarget } from './forwarded-routes';

export interface ForwardCommand {
  route: ForwardedRoute;
  /** Path parameters as the router decoded them. */
  params: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** The request's id as the gateway logs it (the caller's when it is sane, else a new one): the service logs the same. */
  requestId: string;
  /** Parsed JSON, or the raw bytes of an anonymous route's body. */
  body: unknown;
}

export interface ForwardedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** `x-twilio-signature`: the SMS provider's signature of its webhook calls, which delivery checks. */
const REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'x-twilio-signature'];
const RESPONSE_HEADERS = ['content-type', 'retry-after'];

class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
}

/**
 * Passes a request the gateway has authenticated and rate-limited to the service that owns the data, which
 * checks the caller's role itself, and returns its answer. Only the route table's routes get here; the target
 * is the configured origin plus the route's own path. The answer is read up to FORWARD_MAX_RESPONSE_BYTES
 * within FORWARD_TIMEOUT_MS, and redirects are not followed. A service that cannot be reached or answers too
 * slowly is the spec's 503 in the standard body.
 */
@Injectable()
export class ForwardToServiceUseCase {
  private readonly serviceUrls: Record<ForwardedService, string>;

  constructor(
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ForwardToServiceUseCase.name);
    this.serviceUrls = forwardedServiceUrls(environment);
  }

  async execute(command: ForwardCommand): Promise<ForwardedResponse> {
    const { route } = command;
    const target = forwardTarget(route, this.serviceUrls[route.service], command.params, command.query);
    const headers: Record<string, string> = { [REQUEST_ID_HEADER]: command.requestId };
    for (const name of REQUEST_HEADERS) {
      const value = command.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const hasBody = route.method !== 'GET' && command.body !== undefined;
    try {
      const response = await fetch(target, {
        method: route.method,
        headers,
        // raw bytes (an anonymous route's form) go on as received; a parsed JSON body as JSON
        body: !hasBody ? undefined : Buffer.isBuffer(command.body) ? new Uint8Array(command.body) : JSON.stringify(command.body),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.environment.FORWARD_TIMEOUT_MS),
      });
      const forwardedHeaders: Record<string, string> = {};
      for (const name of RESPONSE_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) forwardedHeaders[name] = value;
      }
      return { status: response.status, headers: forwardedHeaders, body: await this.readLimited(response) };
    } catch (error) {
      if (error instanceof ResponseTooLargeError) {
        this.logger.error(
          { error_code: ErrorCode.InternalError, service: route.service, limit_bytes: this.environment.FORWARD_MAX_RESPONSE_BYTES },
          'service answer too large',
        );
        throw new FollowupError(ErrorCode.InternalError, 'An unexpected error occurred.');
      }
      this.logger.warn(
        { error_code: ErrorCode.ServiceUnavailable, service: route.service, error_name: (error as Error).name },
        'service unreachable',
      );
      throw new FollowupError(
        ErrorCode.ServiceUnavailable,
        `The ${route.service} service is temporarily unavailable. Retry after a few minutes.`,
        { service: route.service, retry_after_seconds: this.environment.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS },
      );
    }
  }

  private async readLimited(response: Response): Promise<Buffer> {
    const limit = this.environment.FORWARD_MAX_RESPONSE_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    if (!response.body) return Buffer.alloc(0);
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > limit) {
        await response.body.cancel().catch(() => undefined);
        throw new ResponseTooLargeError();
      }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }
}
