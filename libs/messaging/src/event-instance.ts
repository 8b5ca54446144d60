type Constructor = new () => object;

/** The part of class-transformer's metadata storage read here (its fields are private in its types, public in its code). */
interface TransformerMetadata {
  _typeMetadatas: Map<Function, Map<string, { typeFunction: () => Function; options?: { discriminator?: unknown } }>>;
  _transformMetadatas: Map<Function, unknown>;
  _exposeMetadatas: Map<Function, unknown>;
  _excludeMetadatas: Map<Function, unknown>;
}

// the storage every class-transformer decorator writes to; its index does not export it, nor its types declare the module
const storage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerMetadata }).defaultMetadataStorage;

/** Per event class: each property declared `@Type(() => Nested)`, with the nested class. */
const nestedClasses = new WeakMap<Function, Map<string, () => Function>>();

/** A class and its ancestors, the class itself last, so that its own declarations win. */
function lineageOf(eventClass: Function): Function[] {
  const lineage: Function[] = [];
  for (let current = eventClass; current && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    lineage.unshift(current);
  }
  return lineage;
}

function nestedClassesOf(eventClass: Function): Map<string, () => Function> {
  const known = nestedClasses.get(eventClass);
  if (known) return known;
  const nested = new Map<string, () => Function>();
  for (const type of lineageOf(eventClass)) {
    if (storage._transformMetadatas.has(type) || storage._exposeMetadatas.has(type) || storage._excludeMetadatas.has(type)) {
      throw new Error(
        `${type.name}: eventInstance reads @Type only; use class-transformer's plainToInstance for @Transform, @Expose or @Exclude`,
      );
    }
    for (const [property, metadata] of storage._typeMetadatas.get(type) ?? []) {
      if (metadata.options?.discriminator) throw new Error(`${type.name}.${property}: eventInstance does not read discriminators`);
      nested.set(property, metadata.typeFunction);
    }
  }
  nestedClasses.set(eventClass, nested);
  return nested;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nestedValue(nestedClass: Constructor, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => nestedValue(nestedClass, item));
  return isPlainObject(value) ? eventInstance(nestedClass, value) : value;
}

/** A key that would replace the instance's prototype, or shadow what it inherits (a method, `constructor`, a getter). */
function inheritedMember(instance: object, key: string): boolean {
  return key === '__proto__' || (key in instance && !Object.prototype.hasOwnProperty.call(instance, key));
}

/**
 * A parsed event (JSON) as an instance of its class, each `@Type(() => Nested)` property an instance of the nested
 * class, ready for class-validator: what class-transformer's `plainToInstance` makes of the event classes, which
 * declare nothing else, at about a tenth of its cost (it looks each property up in every kind of its metadata; checking
 * a consumed event spent more than half its time there). Values without a nested class are kept as parsed, not
 * copied. A class declaring another class-transformer decorator is refused on first use.
 */
export function eventInstance<T extends object>(eventClass: new () => T, plain: Record<string, unknown>): T {
  const nested = nestedClassesOf(eventClass);
  const instance = new eventClass();
  const fields = instance as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    if (inheritedMember(instance, key)) continue;
    const nestedClass = nested.get(key);
    fields[key] = nestedClass === undefined ? plain[key] : nestedValue(nestedClass() as Constructor, plain[key]);
  }
  return instance;
}
