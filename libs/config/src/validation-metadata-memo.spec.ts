import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, Min, ValidateNested, validateSync, ValidationError } from 'class-validator';
import { memoizeValidationMetadata } from './validation-metadata-memo';

function failedRules(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    return [...Object.keys(error.constraints ?? {}).map((rule) => `${path}: ${rule}`), ...failedRules(error.children ?? [], path)];
  });
}

function instance<T extends object>(cls: new () => T, fields: Record<string, unknown>): T {
  return Object.assign(new cls(), fields);
}

const storage = getMetadataStorage();
const lookUps: string[] = [];
const lookUp = storage.getTargetValidationMetadatas.bind(storage);
storage.getTargetValidationMetadatas = (target, ...options) => {
  lookUps.push(target.name);
  return lookUp(target, ...options);
};
memoizeValidationMetadata(storage);

describe('memoizeValidationMetadata', () => {
  beforeEach(() => lookUps.splice(0));

  it('validates as class-validator does: inherited, own and nested rules', () => {
    class Consent {
      @IsString() channel!: string;
    }
    class Named {
      @IsString() name!: string;
    }
    class Lead extends Named {
      @IsInt() @Min(1) count!: number;
      @ValidateNested() consent!: Consent;
    }
    const invalid = instance(Lead, { name: 7, count: 0, consent: instance(Consent, { channel: 3 }) });
    expect(failedRules(validateSync(invalid)).sort()).toEqual(['consent.channel: isString', 'count: min', 'name: isString']);
    expect(failedRules(validateSync(invalid)).sort()).toEqual(['consent.channel: isString', 'count: min', 'name: isString']);
    expect(validateSync(instance(Lead, { name: 'Sarah', count: 2, consent: instance(Consent, { channel: 'sms' }) }))).toEqual([]);
  });

  it('gives a class defined after its parent was validated the parent’s rules and its own, and leaves the parent’s alone', () => {
    class Parent {
      @IsString() a!: string;
    }
    expect(failedRules(validateSync(instance(Parent, { a: 1 })))).toEqual(['a: isString']);
    class Child extends Parent {
      @IsInt() b!: number;
    }
    expect(failedRules(validateSync(instance(Child, { a: 1, b: 'x' }))).sort()).toEqual(['a: isString', 'b: isInt']);
    expect(failedRules(validateSync(instance(Parent, { a: 1, b: 'x' })))).toEqual(['a: isString']);
  });

  it('looks each class up once per set of options, also when installed again', () => {
    class Card {
      @IsString() holder!: string;
    }
    class Wallet {
      @ValidateNested() card!: Card;
    }
    memoizeValidationMetadata(storage);
    const wallet = instance(Wallet, { card: instance(Card, { holder: 'Sarah' }) });
    validateSync(wallet);
    validateSync(wallet);
    validateSync(wallet, { always: true });
    validateSync(wallet, { always: true });
    expect(lookUps).toEqual(['Wallet', 'Card', 'Wallet', 'Card']);
  });
});
