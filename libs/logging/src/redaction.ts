import { PII_FIELD_NAMES } from '@followup/contracts';

/** pino redact paths: the PII keys at the top level and up to three levels down, plus credentials. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...PII_FIELD_NAMES.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
];

/**
 * A request's URL as logged: the path, and of the query only the parameter names. A query can carry a contact (the
 * suppression list's `?address=`) or a token (an unsubscribe link), and no key-based redaction sees inside a URL.
 */
export function loggedUrl(url: string): string {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return url;
  const names = [...new URLSearchParams(url.slice(queryAt + 1)).keys()];
  return names.length > 0 ? `${url.slice(0, queryAt)}?${names.join('&')}` : url.slice(0, queryAt);
}
