import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ErrorCode, HTTP_STATUS_BY_ERROR_CODE } from '@followup/contracts';

export class ErrorContentDto {
  @ApiProperty({ enum: ErrorCode, example: ErrorCode.InvalidRequest })
  code: ErrorCode;

  @ApiProperty({ example: 'Required field lead_id is missing.' })
  message: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { missing_fields: ['lead_id'] } })
  details?: Record<string, unknown>;
}

export class ErrorBodyDto {
  @ApiProperty({ type: ErrorContentDto })
  error: ErrorContentDto;
}

const DESCRIPTIONS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.InvalidRequest]: 'One or more required fields are missing or malformed.',
  [ErrorCode.InvalidToken]: 'The bearer token is missing, expired, or invalid.',
  [ErrorCode.Forbidden]: "The caller's role does not allow this operation.",
  [ErrorCode.LeadNotFound]: 'No lead record exists for the provided lead_id.',
  [ErrorCode.RecommendationNotFound]: "No recommendation with this id exists for the caller's tenant.",
  [ErrorCode.InvalidState]: 'The resource is not in a state that allows this operation.',
  [ErrorCode.NotificationNotFound]: 'No notification with this id is visible to the caller.',
  [ErrorCode.PayloadTooLarge]: 'The request body is larger than the configured limit.',
  [ErrorCode.InsufficientData]: 'The lead record lacks sufficient engagement history for a recommendation.',
  [ErrorCode.RateLimitExceeded]: 'Request volume has exceeded the specified rate. Retry after the indicated interval.',
  [ErrorCode.AiServiceUnavailable]: 'The AI recommendation service encountered an unexpected error.',
  [ErrorCode.InternalError]: 'An unexpected error occurred.',
  [ErrorCode.ServiceUnavailable]:
    'The service, a service it needs, or the identity provider that vouches for tokens is temporarily unavailable. Retry after a few minutes.',
  [ErrorCode.UnsupportedMediaType]: 'The body is not sent as application/json (UTF-8).',
};

/** The header on every answer, errors included. */
export const REQUEST_ID_HEADER = {
  'X-Request-Id': {
    description: "The request's id: the caller's when it sent a sane one, else a new UUID; in every log line and event of the request.",
    schema: { type: 'string' },
  },
} as const;

const RETRY_AFTER_HEADER = {
  'Retry-After': { description: 'Seconds to wait before trying again, where the wait is known.', schema: { type: 'integer' } },
} as const;

/**
 * Declares the listed error responses in the OpenAPI document, with the ones every authenticated route can give (a
 * token refused, a role refused, the rate limit, the identity provider's keys unreachable, an internal error) and, for
 * a route that takes a body (it lists PAYLOAD_TOO_LARGE), a body that is not JSON.
 */
export function ApiErrorResponses(...codes: ErrorCode[]) {
  const all = [
    ErrorCode.InvalidToken,
    ErrorCode.Forbidden,
    ErrorCode.RateLimitExceeded,
    ErrorCode.InternalError,
    ErrorCode.ServiceUnavailable,
    ...codes,
    ...(codes.includes(ErrorCode.PayloadTooLarge) ? [ErrorCode.UnsupportedMediaType] : []),
  ];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of all) {
    const status = HTTP_STATUS_BY_ERROR_CODE[code];
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), code])]);
  }
  return applyDecorators(
    ...[...byStatus.entries()].map(([status, statusCodes]) =>
      ApiResponse({
        status,
        type: ErrorBodyDto,
        description: statusCodes.map((code) => `${code}: ${DESCRIPTIONS[code] ?? ''}`).join(' | '),
        headers: status === 429 || status === 503 ? { ...REQUEST_ID_HEADER, ...RETRY_AFTER_HEADER } : REQUEST_ID_HEADER,
      }),
    ),
  );
}
