/** A field kept as its JSON text, decoded; records stored before it was kept as text hold the object itself. */
export function fromStoredJson<T>(stored: string | T): T {
  return typeof stored === 'string' ? (JSON.parse(stored) as T) : stored;
}
