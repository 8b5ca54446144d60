/** Keys whose values are PII or free text that may hold PII; the audit trail keeps only that they were there. */
export const PII_KEYS = new Set(['first_name', 'last_name', 'contacts', 'draft_message', 'recent_activity_summary', 'original_value']);
export const REMOVED = '[pii-removed]';

/** A deep copy of `value` with every PII key's value replaced by a marker; arrays and nesting are kept. */
export function stripPii(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPii);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      PII_KEYS.has(key) && inner !== undefined ? REMOVED : stripPii(inner),
    ]),
  );
}
