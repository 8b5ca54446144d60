/**
 * The error catalog. The first seven codes are the spec's; the rest cover situations the spec's
 * endpoint list does not (other routes, oversized bodies, role checks) in the same body shape.
 */
export enum ErrorCode {
  InvalidRequest = 'INVALID_REQUEST',
  InvalidToken = 'INVALID_TOKEN',
  LeadNotFound = 'LEAD_NOT_FOUND',
  InsufficientData = 'INSUFFICIENT_DATA',
  RateLimitExceeded = 'RATE_LIMIT_EXCEEDED',
  AiServiceUnavailable = 'AI_SERVICE_UNAVAILABLE',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Forbidden = 'FORBIDDEN',
  InvalidState = 'INVALID_STATE',
  RecommendationNotFound = 'RECOMMENDATION_NOT_FOUND',
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
  EscalationNotFound = 'ESCALATION_NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  InternalError = 'INTERNAL_ERROR',
}

export const HTTP_STATUS_BY_ERROR_CODE: Record<ErrorCode, number> = {
  [ErrorCode.InvalidRequest]: 400,
  [ErrorCode.InvalidToken]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.LeadNotFound]: 404,
  [ErrorCode.RecommendationNotFound]: 404,
  [ErrorCode.NotificationNotFound]: 404,
  [ErrorCode.EscalationNotFound]: 404,
  [ErrorCode.RouteNotFound]: 404,
  [ErrorCode.MethodNotAllowed]: 405,
  [ErrorCode.InvalidState]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.InsufficientData]: 422,
  [ErrorCode.RateLimitExceeded]: 429,
  [ErrorCode.AiServiceUnavailable]: 500,
  [ErrorCode.InternalError]: 500,
  [ErrorCode.ServiceUnavailable]: 503,
};

export type ErrorDetails = Record<string, unknown>;

/** `{ "error": { "code", "message", "details" } }`: the only error shape that leaves the gateway. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: ErrorDetails;
  };
}

export function errorBody(code: ErrorCode, message: string, details?: ErrorDetails): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** An error raised anywhere in the flow that already knows its code; carried over Kafka as-is. */
export class FollowupError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'FollowupError';
  }

  get httpStatus(): number {
    return HTTP_STATUS_BY_ERROR_CODE[this.code];
  }

  toBody(): ErrorBody {
    return errorBody(this.code, this.message, this.details);
  }
}

export function insufficientDataError(eventsFound: number, minimumEventsRequired: number): FollowupError {
  return new FollowupError(
    ErrorCode.InsufficientData,
    'The lead record does not contain enough engagement history to generate a reliable recommendation.',
    { minimum_events_required: minimumEventsRequired, events_found: eventsFound },
  );
}
