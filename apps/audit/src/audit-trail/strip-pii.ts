import { PII_FIELD_NAMES } from '@followup/contracts';

/** Keys whose values are PII or free text that may hold PII; the audit trail keeps only that they were there. */
export const PII_KEYS: ReadonlySet<string> = new Set(PII_FIELD_NAMES);
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
