/** Keys whose values are PII or free text that may hold PII; the audit trail keeps only that they were there. */
export const PII_KEYS = new Set([
  'first_name',
  'last_name',
  'name',
  'email',
  'phone',
  'contacts',
  'draft_message',
  'edited_draft',
  'original_draft',
  'edit_diff',
  'recent_activity_summary',
  'original_value',
]);
export const REMOVED = '[pii-removed]';

/**
 * A deep copy of `value` with every PII key's text or object value replaced by a marker; arrays and nesting
 * are kept, and flags under such keys (`consent.email: true`) are not PII and stay.
 */
export function stripPii(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPii);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      PII_KEYS.has(key) && (typeof inner === 'string' || (typeof inner === 'object' && inner !== null)) ? REMOVED : stripPii(inner),
    ]),
  );
}
