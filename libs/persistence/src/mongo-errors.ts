/** True for MongoDB's duplicate-key error, which the repositories use to make inserts idempotent. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
