import { ApiError, backedOffRead, pacedPolling, readOrMissing } from './api';

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

describe('readOrMissing', () => {
  const failing = (status: number) => () => Promise.reject(new ApiError(status, 'X', 'x'));

  it('answers what was read', async () => {
    expect(await readOrMissing(() => Promise.resolve({ drafts: ['a'] }), { drafts: [] })).toEqual({ drafts: ['a'] });
  });

  it('answers `missing` for a 404, and lets any other failure through', async () => {
    expect(await readOrMissing(failing(404), { drafts: [] })).toEqual({ drafts: [] });
    await expect(readOrMissing(failing(500), { drafts: [] })).rejects.toMatchObject({ status: 500 });
    await expect(readOrMissing(failing(403), { drafts: [] })).rejects.toMatchObject({ status: 403 });
    await expect(readOrMissing(() => Promise.reject(new TypeError('network')), { drafts: [] })).rejects.toThrow('network');
  });
});
