import { FetchPacer } from './fetch-pacer';

describe('FetchPacer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 10_000 }));
  afterEach(() => jest.useRealTimers());

  /** Whether `paced()` has returned after the clock moved on by `ms`. */
  async function returnedAfter(pacer: FetchPacer, ms: number): Promise<() => boolean> {
    let returned = false;
    void pacer.paced().then(() => (returned = true));
    await jest.advanceTimersByTimeAsync(ms);
    return () => returned;
  }

  it('holds the end of a batch handled sooner than the interval after its fetch started until the interval is up', async () => {
    const pacer = new FetchPacer(250);
    pacer.fetchStarted();
    await jest.advanceTimersByTimeAsync(100);
    // handled 100 ms after the fetch started: held 150 ms more
    const returned = await returnedAfter(pacer, 149);
    expect(returned()).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(returned()).toBe(true);
  });

  it('holds every batch of one fetch to the same moment, not an interval each', async () => {
    const pacer = new FetchPacer(250);
    pacer.fetchStarted();
    const first = await returnedAfter(pacer, 0);
    await jest.advanceTimersByTimeAsync(250);
    expect(first()).toBe(true);
    // a batch of the same fetch handled after the first one's wait ends at once
    const second = await returnedAfter(pacer, 0);
    expect(second()).toBe(true);
  });

  it('does not hold a batch whose fetch waited on the broker longer than the interval', async () => {
    const pacer = new FetchPacer(250);
    pacer.fetchStarted();
    await jest.advanceTimersByTimeAsync(1_000);
    const returned = await returnedAfter(pacer, 0);
    expect(returned()).toBe(true);
  });
});
