import { ArgumentsHost, BadRequestException, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { ApiExceptionFilter, toErrorResponse } from './api-exception.filter';

describe('toErrorResponse', () => {
  it("passes the project's own errors through with their status", () => {
    const { status, body } = toErrorResponse(new FollowupError(ErrorCode.InsufficientData, 'not enough', { events_found: 1 }));
    expect(status).toBe(422);
    expect(body).toEqual({ error: { code: 'INSUFFICIENT_DATA', message: 'not enough', details: { events_found: 1 } } });
  });

  it('turns an unknown route into ROUTE_NOT_FOUND without echoing the path', () => {
    const { status, body } = toErrorResponse(new NotFoundException('Cannot GET /secret/sarah@example.com'));
    expect(status).toBe(404);
    expect(body.error.code).toBe(ErrorCode.RouteNotFound);
    expect(JSON.stringify(body)).not.toContain('sarah');
  });

  it('maps body-parser failures without echoing the body', () => {
    const parseFailure = Object.assign(new SyntaxError('Unexpected token s in JSON: "sarah@example.com'), {
      type: 'entity.parse.failed',
      status: 400,
    });
    expect(toErrorResponse(parseFailure)).toEqual({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST', message: 'Request body is not valid JSON.', details: { reason: 'malformed_json' } } },
    });
    const tooLarge = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413, limit: 1024 });
    expect(toErrorResponse(tooLarge)).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE', details: { limit_bytes: 1024 } } },
    });
  });

  it("maps Nest's own JSON parse exception to INVALID_REQUEST", () => {
    expect(toErrorResponse(new BadRequestException('Unexpected token in JSON at position 3')).body.error).toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'Request body is not valid JSON.',
    });
  });

  it('keeps health details on 503 and hides anything unexpected behind a 500', () => {
    expect(toErrorResponse(new ServiceUnavailableException({ status: 'error' })).body.error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      details: { status: 'error' },
    });
    const { status, body } = toErrorResponse(new TypeError('cannot read sarah of undefined'));
    expect(status).toBe(500);
    expect(body.error.code).toBe(ErrorCode.InternalError);
    expect(body.error.message).not.toContain('sarah');
  });
});

describe('toErrorResponse: the database or Kafka out of reach', () => {
  /** An error as the driver names it; the message is the driver's, never shown. */
  const named = (name: string, message = 'connect ECONNREFUSED 127.0.0.1:27017') => Object.assign(new Error(message), { name });

  it.each([['MongooseServerSelectionError'], ['MongoNetworkError'], ['MongoNotConnectedError'], ['KafkaJSConnectionError']])(
    'answers %s as 503 SERVICE_UNAVAILABLE, not as an unexpected 500',
    (name) => {
      expect(toErrorResponse(named(name))).toEqual({
        status: 503,
        body: {
          error: {
            code: 'SERVICE_UNAVAILABLE',
            message: 'The service is temporarily unavailable. Retry after a few minutes.',
            details: { reason: 'dependency_unavailable' },
          },
        },
      });
    },
  );

  it("answers mongoose's buffering timeout (a command queued while disconnected) as 503 too", () => {
    expect(toErrorResponse(named('MongooseError', 'Operation `leads.insertOne()` buffering timed out after 10000ms')).status).toBe(503);
  });
});

describe('ApiExceptionFilter', () => {
  const hostFor = (response: object) =>
    ({
      getType: () => 'http',
      switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({}) }),
    }) as unknown as ArgumentsHost;
  const recordingResponse = () => ({ headersSent: false, setHeader: jest.fn(), status: jest.fn().mockReturnThis(), json: jest.fn() });

  it('tells the client when to come back on every 503: the retry the thrower gave, else the configured one', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const silent = recordingResponse();
    new ApiExceptionFilter(60_000, 30).catch(
      new FollowupError(ErrorCode.ServiceUnavailable, 'The recommendation kept changing. Retry in a moment.', { recommendation_id: 'r-1' }),
      hostFor(silent),
    );
    expect(silent.setHeader).toHaveBeenCalledWith('Retry-After', '30');
    expect(silent.json).toHaveBeenCalledWith({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: 'The recommendation kept changing. Retry in a moment.',
        details: { recommendation_id: 'r-1', retry_after_seconds: 30 },
      },
    });
    const outage = recordingResponse();
    new ApiExceptionFilter(60_000, 45).catch(
      Object.assign(new Error('connection refused'), { name: 'MongoNetworkError' }),
      hostFor(outage),
    );
    expect(outage.status).toHaveBeenCalledWith(503);
    expect(outage.setHeader).toHaveBeenCalledWith('Retry-After', '45');
    const given = recordingResponse();
    new ApiExceptionFilter(60_000, 30).catch(
      new FollowupError(ErrorCode.ServiceUnavailable, 'Busy.', { reason: 'busy', retry_after_seconds: 5 }),
      hostFor(given),
    );
    expect(given.setHeader).toHaveBeenCalledWith('Retry-After', '5');
    error.mockRestore();
  });

  it("logs a refused request with its body's shape, none of its values", () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const response = { headersSent: false, setHeader: jest.fn(), status: jest.fn().mockReturnThis(), json: jest.fn() };
    const request = { user: { tenant: 'acme' }, body: { lead_id: 'LD-7', engagement_history: [{}], recent_activity_summary: 'Jane Doe' } };
    const host = {
      getType: () => 'http',
      switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }),
    } as unknown as ArgumentsHost;
    new ApiExceptionFilter(60_000, 30).catch(new FollowupError(ErrorCode.InsufficientData, 'Too little.', { events_found: 1 }), host);
    expect(warn).toHaveBeenCalledWith(
      {
        error_code: 'INSUFFICIENT_DATA',
        status_code: 422,
        tenant: 'acme',
        details: { events_found: 1 },
        body_shape: { lead_id: 'string(4)', engagement_history: 'array(1)', recent_activity_summary: 'string(8)' },
      },
      'Too little.',
    );
    warn.mockRestore();
  });
});
