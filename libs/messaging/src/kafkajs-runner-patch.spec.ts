/**
 * kafkajs's consumer runner as patched (patches/kafkajs+2.2.4.patch): offsets committed on an interval, a minimum
 * interval between a broker's fetches, and a stop during the start that ends that start.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const Runner = require('kafkajs/src/consumer/runner');
const OffsetManager = require('kafkajs/src/consumer/offsetManager');

/** The patched runner over `consumerGroup` as kafkajs's consumer builds it (one worker, a silent logger), running. */
function patchedRunner(
  consumerGroup: object,
  options: { eachMessage?: unknown; autoCommit?: boolean; minFetchInterval?: number | null; onCrash?: (error: Error) => void },
) {
  const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const logger = { ...silent, namespace: () => logger };
  const runner = new Runner({
    logger,
    consumerGroup,
    instrumentationEmitter: { emit: () => undefined },
    concurrency: 1,
    eachBatch: async () => undefined,
    onCrash: () => undefined,
    ...options,
  });
  runner.running = true;
  return runner;
}

const TOPIC = 'events';

interface Harness {
  commits: string[];
  at(now: number): void;
  batch(offsets: number[]): Promise<void>;
  idleFetch(): Promise<void>;
  stop(): Promise<void>;
}

function harness(options: { autoCommitInterval: number | null; eachMessage?: (offset: number) => Promise<void> }): Harness {
  let now = 0;
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  const commits: string[] = [];
  const coordinator = {
    isConnected: () => true,
    offsetCommit: async ({ topics }: { topics: { partitions: { offset: string }[] }[] }) => {
      commits.push(...topics.flatMap(({ partitions }) => partitions.map(({ offset }) => offset)));
    },
  };
  const offsets = new OffsetManager({
    cluster: { committedOffsets: () => ({}) },
    coordinator,
    memberAssignment: { [TOPIC]: [0] },
    autoCommit: true,
    autoCommitInterval: options.autoCommitInterval,
    autoCommitThreshold: null,
    topicConfigurations: { [TOPIC]: { fromBeginning: true } },
    instrumentationEmitter: { emit: () => undefined },
    groupId: 'group',
    generationId: 1,
    memberId: 'member',
  });
  const consumerGroup = {
    groupId: 'group',
    memberId: 'member',
    autoCommitInterval: options.autoCommitInterval,
    fetch: async () => [],
    heartbeat: async () => undefined,
    leave: async () => undefined,
    isPaused: () => false,
    hasSeekOffset: () => false,
    resolveOffset: (offset: object) => offsets.resolveOffset(offset),
    commitOffsets: (given?: object) => offsets.commitOffsets(given),
    commitOffsetsIfNecessary: () => offsets.commitOffsetsIfNecessary(),
    uncommittedOffsets: () => offsets.uncommittedOffsets(),
  };
  const runner = patchedRunner(consumerGroup, {
    eachMessage: options.eachMessage && (({ message }: { message: { offset: string } }) => options.eachMessage!(Number(message.offset))),
  });
  const batch = (handled: number[]) => ({
    topic: TOPIC,
    partition: 0,
    highWatermark: String(handled[handled.length - 1] + 1),
    messages: handled.map((offset) => ({ offset: String(offset), value: null })),
    offsetLag: () => '0',
    offsetLagLow: () => '0',
    firstOffset: () => String(handled[0]),
    lastOffset: () => String(handled[handled.length - 1]),
    isEmpty: () => false,
    isEmptyDueToFiltering: () => false,
  });
  return {
    commits,
    at: (time) => void (now = time),
    batch: (handled) => runner.handleBatch(batch(handled)),
    idleFetch: () => runner.fetch(0),
    stop: () => runner.stop(),
  };
}

afterEach(() => jest.restoreAllMocks());

/**
 * Offset commits, with the real offset manager: the broker is a recorder of OffsetCommit requests, the clock is set by
 * hand. A batch's messages are offsets; kafkajs commits the next offset to read, so handling offsets 0 and 1 commits '2'.
 */
describe('kafkajs offset commits (patched runner)', () => {
  it('commits on the interval: batches within it share one commit, made by the first fetch once due', async () => {
    const consumer = harness({ autoCommitInterval: 500 });
    consumer.at(100);
    await consumer.batch([0, 1]);
    consumer.at(300);
    await consumer.idleFetch();
    consumer.at(450);
    await consumer.batch([2]);
    expect(consumer.commits).toEqual([]);

    consumer.at(600); // 600 >= 0 + 500: due, offsets 0 to 2 handled
    await consumer.idleFetch();
    consumer.at(1200); // due again, but nothing new: no request
    await consumer.idleFetch();

    expect(consumer.commits).toEqual(['3']);
  });

  it('commits at the end of a batch once the interval has passed since the last commit', async () => {
    const consumer = harness({ autoCommitInterval: 500 });
    consumer.at(100);
    await consumer.batch([0]);
    consumer.at(550);
    await consumer.batch([1, 2]);
    consumer.at(700);
    await consumer.batch([3]);

    expect(consumer.commits).toEqual(['3']);
  });

  it('commits what is handled when stopping, without waiting for the interval', async () => {
    const consumer = harness({ autoCommitInterval: 500 });
    consumer.at(100);
    await consumer.batch([0, 1]);
    expect(consumer.commits).toEqual([]);
    await consumer.stop();

    expect(consumer.commits).toEqual(['2']);
  });

  it("never commits a message whose handler threw: it is read again, after the handled ones' commit", async () => {
    const consumer = harness({
      autoCommitInterval: 500,
      eachMessage: async (offset) => {
        if (offset === 1) throw new Error('database unavailable');
      },
    });
    consumer.at(100);

    await expect(consumer.batch([0, 1, 2])).rejects.toThrow('database unavailable');
    expect(consumer.commits).toEqual(['1']);
  });

  it('without an interval keeps kafkajs: a commit after every batch, none on a fetch', async () => {
    const consumer = harness({ autoCommitInterval: null });
    consumer.at(100);
    await consumer.batch([0, 1]);
    consumer.at(150);
    await consumer.batch([2]);
    consumer.at(5_000);
    await consumer.idleFetch();

    expect(consumer.commits).toEqual(['2', '3']);
  });
});

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
  const runner = patchedRunner(consumerGroup, { autoCommit: false, minFetchInterval });
  return { fetches, fetch: (nodeId: number) => runner.fetch(nodeId) as Promise<unknown[]>, runner };
}

/**
 * `minFetchInterval`, the pacing of a `batched` consumer (FetchPacing): each broker is fetched from at most once per
 * interval. The clock is jest's.
 */
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

/**
 * A stop while the runner starts (tulios/kafkajs#1639: kafkajs's consumer drops the runner once its `stop` returns, and
 * an unpatched start then joins and consumes with nobody to stop it). The consumer group's connect and join are held by
 * the test; the runner is as kafkajs's consumer builds it, not yet running.
 */
describe('kafkajs stop during the start (patched runner)', () => {
  function starting() {
    const calls: string[] = [];
    /** `join(error, { member: true })`: JoinGroup made it a member, then SyncGroup failed. */
    const held = { connect: () => undefined as void, join: (_error?: Error, _joined?: { member: boolean }) => undefined as void };
    const consumerGroup = {
      groupId: 'group',
      memberId: null as string | null,
      cluster: { disconnect: async () => void calls.push('cluster.disconnect') },
      connect: () => new Promise<void>((resolve) => (held.connect = resolve)),
      joinAndSync: () => {
        calls.push('join');
        return new Promise<void>((resolve, reject) => {
          held.join = (error, joined = { member: !error }) => {
            if (joined.member) consumerGroup.memberId = 'member';
            if (error) reject(error);
            else resolve();
          };
        });
      },
      // as kafkajs's: a LeaveGroup only for a member
      leave: async () => void (consumerGroup.memberId && calls.push('leave')),
      getNodeIds: () => [],
    };
    // as kafkajs's consumer does on a crash: it disconnects, which stops the runner, before it restarts
    const onCrash = jest.fn(async () => {
      calls.push('crash');
      await runner.stop();
      calls.push('stopped after the crash');
    });
    const runner = patchedRunner(consumerGroup, { onCrash });
    runner.running = false; // as kafkajs builds it: running only once started
    const started = runner.start();
    return { runner, started, held, calls, onCrash };
  }
  const settle = async () => {
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  };

  it('waits for a join in flight, then leaves the group and does not run', async () => {
    const { runner, started, held, calls } = starting();
    held.connect();
    await settle();
    expect(calls).toEqual(['join']);

    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    held.join();
    await stopping;
    await started;
    expect(calls).toEqual(['join', 'leave', 'cluster.disconnect']);
    expect(runner.running).toBe(false);
  });

  it('does not wait for a connection under way: the start then closes it and never joins', async () => {
    const { runner, started, held, calls, onCrash } = starting();
    await runner.stop();
    held.connect();
    await started;
    expect(calls).toEqual(['cluster.disconnect']);
    expect(runner.running).toBe(false);
    expect(onCrash).not.toHaveBeenCalled();
  });

  it('reports no crash for a join that fails once stopped, so kafkajs does not start the consumer again; a member leaves', async () => {
    const { runner, started, held, calls, onCrash } = starting();
    held.connect();
    await settle();
    const stopping = runner.stop();
    held.join(new Error('Closed connection'), { member: true });
    await stopping;
    await started;
    expect(onCrash).not.toHaveBeenCalled();
    expect(calls).toEqual(['join', 'leave', 'cluster.disconnect']);
    expect(runner.running).toBe(false);
  });

  it('still reports a crash of a start nobody stopped, whose handling stops the runner without waiting for that start', async () => {
    const { started, held, calls } = starting();
    held.connect();
    await settle();
    held.join(new Error('Closed connection'));
    await started;
    expect(calls).toEqual(['join', 'crash', 'stopped after the crash']);
  });
});
