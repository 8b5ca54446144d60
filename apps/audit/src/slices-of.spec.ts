import { slicesOf } from './slices-of';

describe('slicesOf', () => {
  it('cuts the items in order into slices of at most the size', () => {
    expect(slicesOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(slicesOf([1, 2], 2)).toEqual([[1, 2]]);
    expect(slicesOf([], 2)).toEqual([]);
  });
});
