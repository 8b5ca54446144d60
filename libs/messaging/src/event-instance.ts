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
const nestedClasses = new WeakMap<Function, Map<string, Constructor>>();

/** What `@Type` may not name here: class-transformer converts values to these, eventInstance does not. */
const CONVERTED_TYPES: readonly Function[] = [Date, Number, String, Boolean, Object, Array, Map, Set, Buffer, Promise];

/** A class and its ancestors, the class itself last, so that its own declarations win. */
function lineageOf(eventClass: Function): Function[] {
  const lineage: Function[] = [];
  for (let current = eventClass; current && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    lineage.unshift(current);
  }
  return lineage;
}

/** The class's nested classes, read on its first use with those of every class it nests, so a refusal comes at once. */
function nestedClassesOf(eventClass: Function): Map<string, Constructor> {
  const known = nestedClasses.get(eventClass);
  if (known) return known;
  const nested = new Map<string, Constructor>();
  // kept before the nested classes are read, so that a class nesting itself is read once; dropped if any is refused
  nestedClasses.set(eventClass, nested);
  try {
    for (const type of lineageOf(eventClass)) {
      if (storage._transformMetadatas.has(type) || storage._exposeMetadatas.has(type) || storage._excludeMetadatas.has(type)) {
        throw new Error(
          `${type.name}: eventInstance reads @Type only; use class-transformer's plainToInstance for @Transform, @Expose or @Exclude`,
        );
      }
      for (const [property, metadata] of storage._typeMetadatas.get(type) ?? []) {
        const nestedClass = metadata.typeFunction();
        if (metadata.options?.discriminator || CONVERTED_TYPES.includes(nestedClass)) {
          throw new Error(`${type.name}.${property}: eventInstance reads @Type(() => SomeClass) only, no discriminator or converted type`);
        }
        nested.set(property, nestedClass as Constructor);
      }
    }
    for (const nestedClass of nested.values()) nestedClassesOf(nestedClass);
  } catch (refusal) {
    nestedClasses.delete(eventClass);
    throw refusal;
  }
  return nested;
}

/** A parsed JSON value that is an object: what an event, and each object inside it, must be. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A key class-transformer leaves out of every object it makes: one that would set the prototype (`__proto__`), or
 * shadow what the object inherits (`constructor`, a method, a getter).
 */
function inheritedMember(object: object, key: string): boolean {
  return key === '__proto__' || (key in object && !Object.prototype.hasOwnProperty.call(object, key));
}

/** A parsed value with no nested class: copied, objects at every depth without their inherited members' keys. */
function parsedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(parsedCopy);
  if (!isJsonObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (!inheritedMember(copy, key)) copy[key] = parsedCopy(value[key]);
  return copy;
}

function nestedValue(nestedClass: Constructor, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => nestedValue(nestedClass, item));
  return isJsonObject(value) ? eventInstance(nestedClass, value) : value;
}

/**
 * A parsed event (JSON) as an instance of its class, each `@Type(() => Nested)` property an instance of the nested
 * class, ready for class-validator: what class-transformer's `plainToInstance` makes of the event classes, which
 * declare nothing else, at about a ninth of its cost (it looks each property up in every kind of its metadata;
 * checking a consumed event spent more than half its time there). A class that declares another class-transformer
 * decorator, or nests one that does, is refused on its first use.
 */
export function eventInstance<T extends object>(eventClass: new () => T, plain: Record<string, unknown>): T {
  const nested = nestedClassesOf(eventClass);
  const instance = new eventClass();
  const fields = instance as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    if (inheritedMember(instance, key)) continue;
    const nestedClass = nested.get(key);
    fields[key] = nestedClass === undefined ? parsedCopy(plain[key]) : nestedValue(nestedClass, plain[key]);
  }
  return instance;
}
