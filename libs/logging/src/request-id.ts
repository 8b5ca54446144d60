import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type RequestWithId = Pick<IncomingMessage, 'headers'> & { id?: unknown };

/** The caller's X-Request-Id when it is a sane token, otherwise a new UUID; fixed on first use. */
export function requestIdOf(request: RequestWithId): string {
  if (typeof request.id === 'string') return request.id;
  const supplied = request.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(supplied) ? supplied[0] : supplied;
  const requestId = candidate && ACCEPTABLE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
  request.id = requestId;
  return requestId;
}
