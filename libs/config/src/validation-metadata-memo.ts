import { getMetadataStorage } from 'class-validator';
import { getOrCreate } from './bounded-map';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type RulesByProperty = Record<string, ValidationMetadata[]>;

const memoized = new WeakSet<MetadataStorage>();

/**
 * class-validator looks up a class's rules on every `validate()` of every (nested) object: it tests the class
 * against each decorated class in the process for inheritance and groups the result by property, each time
 * (`MetadataStorage.getTargetValidationMetadatas`, typestack/class-validator#2686). With this codebase's event and
 * DTO classes that was about two fifths of checking a consumed event, and checking events a quarter of the audit
 * service's busy time. A class's rules, its ancestors' included, are all registered when its module loads, before
 * an instance of it can be validated, and a class loaded later adds rules to itself only: so each answer is kept,
 * per class, schema and options, and each grouping per answer. Installing twice on one storage does nothing. Rules
 * added to a class after it was first validated (`registerSchema`, or `registerDecorator` at run time) would not be
 * seen: nothing here does that.
 */
export function memoizeValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  if (memoized.has(storage)) return;
  memoized.add(storage);
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const groupByProperty = storage.groupByPropertyName.bind(storage);
  const rulesByClass = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  const groupings = new WeakMap<ValidationMetadata[], RulesByProperty>();

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (typeof target !== 'function') return lookUp(target, schema, always, strictGroups, groups);
    const byOptions = getOrCreate(rulesByClass, target, () => new Map<string, ValidationMetadata[]>());
    const options = JSON.stringify([schema, always, strictGroups, groups ?? []]);
    return getOrCreate(byOptions, options, () => lookUp(target, schema, always, strictGroups, groups));
  };
  storage.groupByPropertyName = (rules) => getOrCreate(groupings, rules, () => groupByProperty(rules));
}
