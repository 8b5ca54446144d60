/** A field name that is the API's own (snake_case): anything else a caller sent as a key may be data, and is counted only. */
const FIELD_NAME = /^[a-z][a-z0-9_]{0,40}$/;
const MAX_FIELDS = 30;

type ValueShape = string | Record<string, string>;

function valueShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === 'string') return `string(${value.length})`;
  if (typeof value === 'object') return `object(${Object.keys(value).length})`;
  return typeof value;
}

/**
 * What a refused request's body looked like, for its log line, without any of its values (the spec asks for the
 * payload in the logs "excluding PII where possible"; a value may be anything): each field the API could know by its
 * name with its type and length (`string(24)`, `array(1)`), nested objects one level down, and how many other fields
 * there were. Undefined for a request without a body.
 */
export function bodyShape(body: unknown): ValueShape | undefined {
  if (body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0)) {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return valueShape(body);
  const shape: Record<string, string> = {};
  let others = 0;
  for (const [name, value] of Object.entries(body)) {
    if (!FIELD_NAME.test(name) || Object.keys(shape).length >= MAX_FIELDS) {
      others += 1;
      continue;
    }
    shape[name] =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? `{${Object.entries(value)
            .map(([inner, innerValue]) => (FIELD_NAME.test(inner) ? `${inner}: ${valueShape(innerValue)}` : '…'))
            .slice(0, MAX_FIELDS)
            .join(', ')}}`
        : valueShape(value);
  }
  if (others > 0) shape.other_fields = String(others);
  return shape;
}
