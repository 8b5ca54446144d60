import { BoundedMap, getOrCreate } from './bounded-map';

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

describe('getOrCreate', () => {
  it('answers the value there, and otherwise sets and answers a new one', () => {
    const map = new Map<string, string[]>([['a', ['kept']]]);
    expect(getOrCreate(map, 'a', () => [])).toEqual(['kept']);
    getOrCreate(map, 'b', () => []).push('new');
    expect([...map.entries()]).toEqual([
      ['a', ['kept']],
      ['b', ['new']],
    ]);
  });
});
