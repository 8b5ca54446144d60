const PII_KEYS = [
  'first_name',
  'last_name',
  'name',
  'email',
  'phone',
  'contacts',
  'draft_message',
  'edited_draft',
  'recent_activity_summary',
  'original_value',
];

/** pino redact paths: the PII keys at the top level and up to three levels down, plus credentials. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...PII_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
];
