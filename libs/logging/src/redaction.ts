import { PII_FIELD_NAMES } from '@followup/contracts';

/** pino redact paths: the PII keys at the top level and up to three levels down, plus credentials. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...PII_FIELD_NAMES.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
];
