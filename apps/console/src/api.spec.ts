import { backedOffRead, pacedPolling } from './api';

const state = (count: number) => ({ state: { data: { items: Array.from({ length: count }, (_, index) => index), capped: false } } });

describe('pacedPolling', () => {
  it('polls a list of one page at the base interval, and one of n pages n times less often', () => {
    const every = pacedPolling<number>(3000);
    expect(every({ state: {} })).toBe(3000);
    expect(every(state(0))).toBe(3000);
    expect(every(state(100))).toBe(3000);
    expect(every(state(101))).toBe(6000);
    expect(every(state(1000))).toBe(30000);
  });
});

describe('backedOffRead', () => {
  it('reads again after 1, 2, 4, 8 and 16 s, then gives up', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(backedOffRead)).toEqual([1000, 2000, 4000, 8000, 16000, false, false]);
  });
});
