/**
 * kafkajs's consumer runner as patched (patches/kafkajs+2.2.4.patch) with `minFetchInterval`, the pacing of a
 * `batched` consumer (FetchPacing): each broker is fetched from at most once per interval. The clock is jest's.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const PatchedRunner = require('kafkajs/src/consumer/runner');

function pacedRunner(minFetchInterval: number | null) {
  const fetches: [number, number][] = [];
  const consumerGroup = {
    groupId: 'group',
    memberId: 'member',
    autoCommitInterval: null,
    fetch: async (nodeId: number) => {
      fetches.push([nodeId, Date.now()]);
      return [];
    },
    heartbeat: async () => undefined,
  };
  const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const logger = { ...silent, namespace: () => logger };
  const runner = new PatchedRunner({
    logger,
    consumerGroup,
    instrumentationEmitter: { emit: () => undefined },
    concurrency: 1,
    eachBatch: async () => undefined,
    onCrash: () => undefined,
    autoCommit: false,
    minFetchInterval,
  });
  runner.running = true;
  return { fetches, fetch: (nodeId: number) => runner.fetch(nodeId) as Promise<unknown[]>, runner };
}

describe('kafkajs fetch pacing (patched runner)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 10_000 }));
  afterEach(() => jest.useRealTimers());

  it('fetches from a broker again no sooner than the interval after its last fetch started, each broker on its own', async () => {
    const consumer = pacedRunner(250);
    await consumer.fetch(1);
    await jest.advanceTimersByTimeAsync(100);
    // broker 1's batches handled 100 ms after its fetch started: its next fetch waits 150 ms more
    void consumer.fetch(1);
    await consumer.fetch(2); // another broker's loop is not held by broker 1's
    await jest.advanceTimersByTimeAsync(149);
    expect(consumer.fetches).toEqual([
      [1, 10_000],
      [2, 10_100],
    ]);
    await jest.advanceTimersByTimeAsync(1);
    expect(consumer.fetches[2]).toEqual([1, 10_250]);
  });

  it('fetches at once after a fetch that waited on the broker longer than the interval', async () => {
    const consumer = pacedRunner(250);
    await consumer.fetch(1);
    await jest.advanceTimersByTimeAsync(1_000);
    await consumer.fetch(1);
    expect(consumer.fetches).toEqual([
      [1, 10_000],
      [1, 11_000],
    ]);
  });

  it('waits at most one interval, whatever the clock did', async () => {
    const consumer = pacedRunner(250);
    await consumer.fetch(1);
    jest.setSystemTime(5_000); // the clock stepped back 5 s
    void consumer.fetch(1);
    await jest.advanceTimersByTimeAsync(250);
    expect(consumer.fetches).toEqual([
      [1, 10_000],
      [1, 5_250],
    ]);
  });

  it('does not fetch once the consumer stopped during the wait', async () => {
    const consumer = pacedRunner(250);
    await consumer.fetch(1);
    const next = consumer.fetch(1);
    consumer.runner.running = false;
    await jest.advanceTimersByTimeAsync(250);
    await expect(next).resolves.toEqual([]);
    expect(consumer.fetches).toHaveLength(1);
  });

  it('without an interval, fetches again at once (the at_once pacing)', async () => {
    const consumer = pacedRunner(null);
    await consumer.fetch(1);
    await consumer.fetch(1);
    expect(consumer.fetches).toEqual([
      [1, 10_000],
      [1, 10_000],
    ]);
  });
});
