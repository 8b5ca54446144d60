import { isDuplicateKeyError, onlyDuplicateKeys } from './mongo-errors';

const duplicate = { code: 11000 };
const tooLarge = { code: 10334 };

describe('duplicate-key errors', () => {
  it('knows a duplicate key by its code', () => {
    expect(isDuplicateKeyError(duplicate)).toBe(true);
    expect(isDuplicateKeyError(tooLarge)).toBe(false);
    expect(isDuplicateKeyError(new Error('connection reset'))).toBe(false);
  });

  it('takes a bulk insert for refused copies only when every write error is a duplicate key', () => {
    expect(onlyDuplicateKeys({ code: 11000, writeErrors: [duplicate, duplicate] })).toBe(true);
    expect(onlyDuplicateKeys({ code: 11000, writeErrors: duplicate })).toBe(true);
    expect(onlyDuplicateKeys({ code: 11000 })).toBe(true);
    // the error's code is its first failure's: a later one of another kind must surface
    expect(onlyDuplicateKeys({ code: 11000, writeErrors: [duplicate, tooLarge] })).toBe(false);
    expect(onlyDuplicateKeys({ code: 10334, writeErrors: [tooLarge, duplicate] })).toBe(false);
  });
});
