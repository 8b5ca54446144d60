import { within } from './within';

describe('within', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("gives the work's value when it settles first, and clears its timer", async () => {
    const result = within(Promise.resolve('done'), 1_000, () => 'late');
    await expect(result).resolves.toBe('done');
    expect(jest.getTimerCount()).toBe(0);
  });

  it("gives the timeout's value when the work has not settled in time", async () => {
    const result = within(new Promise<string>(() => undefined), 1_000, () => 'late');
    jest.advanceTimersByTime(1_000);
    await expect(result).resolves.toBe('late');
  });

  it("rejects with the timeout's error when it throws, and with the work's error when that comes first", async () => {
    const late = within(new Promise<string>(() => undefined), 500, () => {
      throw new Error('timed out');
    });
    jest.advanceTimersByTime(500);
    await expect(late).rejects.toThrow('timed out');
    await expect(within(Promise.reject(new Error('refused')), 500, () => 'late')).rejects.toThrow('refused');
    expect(jest.getTimerCount()).toBe(0);
  });
});
