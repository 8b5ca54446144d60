import { pacedPolling } from './api';

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
