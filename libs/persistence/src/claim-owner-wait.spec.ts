import { awaitClaimOwner } from './claim-owner-wait';

describe('awaitClaimOwner', () => {
  afterEach(() => jest.useRealTimers());

  it("reads until the owner's write is there", async () => {
    const versions = [3, 3, 4];
    const reads: number[] = [];
    const read = async () => {
      const version = versions[reads.length];
      reads.push(version);
      return version;
    };
    expect(await awaitClaimOwner(read, (version) => version >= 4)).toEqual({ record: 4, written: true });
    expect(reads).toEqual([3, 3, 4]);
  });

  it('gives up after a second with the last read, for the caller to write the claimed change itself', async () => {
    jest.useFakeTimers();
    let reads = 0;
    const waiting = awaitClaimOwner(
      async () => ++reads,
      () => false,
    );
    await jest.advanceTimersByTimeAsync(1_000);
    const outcome = await waiting;
    expect(outcome.written).toBe(false);
    expect(outcome.record).toBe(reads);
    expect(reads).toBe(51); // a read at 0 ms and every 20 ms up to 1,000
  });
});
