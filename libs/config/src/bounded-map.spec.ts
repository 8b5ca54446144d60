import { BoundedMap } from './bounded-map';

describe('BoundedMap', () => {
  it('keeps the newest entries up to its limit, a key set again counting as new', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    // 'b' was the oldest once 'a' was set again
    expect([...map.entries()]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });
});
