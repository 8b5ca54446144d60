/**
 * The top-level fields of `record` that hold a text at one of `paths` (`field.sub.text`) other than `replacement`, as copies
 * with those texts replaced: a `$set` that erases them in one write. Empty when there is nothing left to erase.
 */
export function blankedTexts(record: object, paths: readonly string[], replacement: string): Record<string, unknown> {
  const blanked: Record<string, unknown> = {};
  for (const path of paths) {
    const [field, ...rest] = path.split('.');
    const source = (record as Record<string, unknown>)[field];
    const leaf = rest.pop()!;
    const parent = valueAt(source, rest);
    if (!isObject(parent) || typeof parent[leaf] !== 'string' || parent[leaf] === replacement) continue;
    const copy = field in blanked ? blanked[field] : structuredClone(source);
    (valueAt(copy, rest) as Record<string, unknown>)[leaf] = replacement;
    blanked[field] = copy;
  }
  return blanked;
}

/** The value at `keys` under `root`, or undefined where the path leaves objects. */
export function valueAt(root: unknown, keys: readonly string[]): unknown {
  return keys.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), root);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
