/** True for MongoDB's duplicate-key error, which the repositories use to make inserts idempotent. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * True when an unordered bulk insert was refused only for duplicate keys: the error's own code is its first
 * failure's, so a batch that also failed for another reason must not be taken for a redelivery.
 */
export function onlyDuplicateKeys(error: unknown): boolean {
  if (!isDuplicateKeyError(error)) return false;
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  if (writeErrors === undefined) return true;
  return (Array.isArray(writeErrors) ? writeErrors : [writeErrors]).every(isDuplicateKeyError);
}
