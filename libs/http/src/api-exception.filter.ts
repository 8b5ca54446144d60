import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ErrorBody, errorBody, ErrorCode, FollowupError, HTTP_STATUS_BY_ERROR_CODE } from '@followup/contracts';
import { isTransientInfrastructureError } from '@followup/messaging';
import { RepeatedRejections } from './repeated-rejections';
import { bodyShape } from './body-shape';

const CODE_BY_HTTP_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.InvalidRequest,
  401: ErrorCode.InvalidToken,
  403: ErrorCode.Forbidden,
  404: ErrorCode.RouteNotFound,
  405: ErrorCode.MethodNotAllowed,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimitExceeded,
  503: ErrorCode.ServiceUnavailable,
};

/** Errors raised by Express's body parser before any route runs (they carry `type` and `status`). */
interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

const BODY_PARSER_ERRORS: Record<string, FollowupError> = {
  'entity.parse.failed': new FollowupError(ErrorCode.InvalidRequest, 'Request body is not valid JSON.', { reason: 'malformed_json' }),
  'entity.verify.failed': new FollowupError(ErrorCode.InvalidRequest, 'Request body could not be verified.', { reason: 'malformed_body' }),
  'request.aborted': new FollowupError(ErrorCode.InvalidRequest, 'The request body was not received completely.', { reason: 'aborted' }),
  'request.size.invalid': new FollowupError(ErrorCode.InvalidRequest, 'The request body length does not match Content-Length.', {
    reason: 'size_mismatch',
  }),
  'charset.unsupported': new FollowupError(ErrorCode.UnsupportedMediaType, 'The request body charset is not supported; send UTF-8 JSON.'),
  'encoding.unsupported': new FollowupError(ErrorCode.UnsupportedMediaType, 'The request body encoding is not supported.'),
};

/**
 * Turns every failure into the spec's error body: the project's own errors as they are, a database or Kafka out of
 * reach into a 503 (the spec's "temporarily unavailable", which a client retries), Nest's and Express's (unknown
 * route, body parser, guards) into the matching code, and anything unexpected into a 500 whose message reveals
 * nothing. Messages never echo request content, so they carry no PII.
 */
export function toErrorResponse(exception: unknown): { status: number; body: ErrorBody } {
  if (exception instanceof FollowupError) {
    return { status: exception.httpStatus, body: exception.toBody() };
  }
  if (isTransientInfrastructureError(exception)) {
    return {
      status: 503,
      body: errorBody(ErrorCode.ServiceUnavailable, defaultMessage(ErrorCode.ServiceUnavailable), { reason: 'dependency_unavailable' }),
    };
  }
  if (isBodyParserError(exception)) {
    if (exception.type === 'entity.too.large') {
      return {
        status: 413,
        body: errorBody(ErrorCode.PayloadTooLarge, 'The request body is larger than this API accepts.', { limit_bytes: exception.limit }),
      };
    }
    const known = BODY_PARSER_ERRORS[exception.type];
    if (known) return { status: known.httpStatus, body: known.toBody() };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 400 && isJsonSyntaxError(exception)) {
      const malformed = BODY_PARSER_ERRORS['entity.parse.failed'];
      return { status: 400, body: malformed.toBody() };
    }
    const code = CODE_BY_HTTP_STATUS[status] ?? (status >= 500 ? ErrorCode.InternalError : ErrorCode.InvalidRequest);
    const responseBody = exception.getResponse();
    const details = typeof responseBody === 'object' && responseBody !== null && status === 503 ? { ...responseBody } : undefined;
    const message =
      code === ErrorCode.RouteNotFound
        ? 'No such route.'
        : code === ErrorCode.InvalidRequest && isJsonSyntaxError(exception)
          ? 'Request body is not valid JSON.'
          : defaultMessage(code);
    return { status, body: errorBody(code, message, details) };
  }
  return {
    status: 500,
    body: errorBody(
      ErrorCode.InternalError,
      'An unexpected error occurred. Retry once; if it persists, contact support with the X-Request-Id.',
    ),
  };
}

function isJsonSyntaxError(exception: HttpException): boolean {
  return exception.cause instanceof SyntaxError || /JSON/.test(exception.message);
}

function defaultMessage(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.InvalidToken:
      return 'The bearer token is missing, expired, or invalid.';
    case ErrorCode.Forbidden:
      return 'Your role does not allow this operation.';
    case ErrorCode.MethodNotAllowed:
      return 'This method is not allowed on this route.';
    case ErrorCode.PayloadTooLarge:
      return 'The request body is larger than this API accepts.';
    case ErrorCode.UnsupportedMediaType:
      return 'Send the request body as application/json.';
    case ErrorCode.RateLimitExceeded:
      return 'Request rate limit exceeded.';
    case ErrorCode.ServiceUnavailable:
      return 'The service is temporarily unavailable. Retry after a few minutes.';
    case ErrorCode.InvalidRequest:
      return 'The request is malformed.';
    default:
      return 'An unexpected error occurred.';
  }
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');
  /** 401s and 429s come in floods from one address; identical ones are logged once per interval, with a count. */
  private readonly repeatedRejections: RepeatedRejections<{ fields: Record<string, unknown>; message: string }>;

  /** `retryAfterSeconds`: what a 503 tells the client to wait when the code that refused the request said nothing. */
  constructor(
    rejectionLogIntervalMs: number,
    private readonly retryAfterSeconds: number,
  ) {
    this.repeatedRejections = new RepeatedRejections(rejectionLogIntervalMs);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = toErrorResponse(exception);
    // every 503 says when to come back, in its details and its Retry-After header
    if (status === 503 && typeof body.error.details?.retry_after_seconds !== 'number') {
      body.error.details = { ...body.error.details, retry_after_seconds: this.retryAfterSeconds };
    }
    // The standard error log line: error_code, status and the error's own (PII-free) message and details;
    // 4xx rejections at warn (with the body's shape), 5xx at error. An unexpected error's message may echo data, so only its name
    // and stack frames are logged.
    const request = host.switchToHttp().getRequest<{ user?: { tenant?: string }; ip?: string; body?: unknown }>();
    const tenant = (request.user ?? {}).tenant;
    const logged = { error_code: body.error.code, status_code: status, tenant, details: body.error.details };
    if (status >= 500 && !(exception instanceof FollowupError)) {
      const frames =
        typeof (exception as Error)?.stack === 'string' ? (exception as Error).stack!.split('\n').slice(1).join('\n') : undefined;
      this.logger.error({ ...logged, error_name: (exception as Error)?.name, stack: frames }, body.error.message);
    } else if (status >= 500) {
      this.logger.error(logged, body.error.message);
    } else if (status === 401 || status === 429) {
      this.logRepeatable({ ...logged, client_address: request.ip }, body.error.message);
    } else {
      // what the refused request carried, as field names, types and lengths only (bodyShape)
      this.logger.warn({ ...logged, body_shape: bodyShape(request.body) }, body.error.message);
    }
    const retryAfter = body.error.details?.retry_after_seconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    if (response.headersSent) return;
    response.status(status).json(body);
  }

  private logRepeatable(fields: Record<string, unknown> & { details?: Record<string, unknown> }, message: string): void {
    for (const summary of this.repeatedRejections.expiredSummaries()) {
      this.logger.warn({ ...summary.context.fields, repeated: summary.repeated }, `${summary.context.message} (repeated)`);
    }
    const key = `${fields.error_code}|${String(fields.details?.reason ?? '')}|${String(fields.client_address)}`;
    const verdict = this.repeatedRejections.admit(key, { fields, message });
    if (verdict.log) this.logger.warn(verdict.repeated > 0 ? { ...fields, repeated: verdict.repeated } : fields, message);
  }
}

export { HTTP_STATUS_BY_ERROR_CODE };
