/**
 * Canonical JSON for hashing: object keys sorted (by UTF-16 code units, as RFC 8785 does), no whitespace,
 * numbers and strings as JSON.stringify writes them (the same as RFC 8785 for the values hashed here: audit
 * records, recommendation requests), Dates as ISO strings, and `undefined`/`null` object members left out, so a
 * record hashes the same whether it was just built, read back from MongoDB (which may turn `undefined` into
 * `null`) or replayed from Kafka.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, inner]) => inner !== undefined && inner !== null)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}
