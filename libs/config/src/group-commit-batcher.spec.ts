import { GroupCommitBatcher } from './group-commit-batcher';

describe('GroupCommitBatcher', () => {
  it('holds the items handed over while a call is under way and sends them together once it is done', async () => {
    const calls: string[][] = [];
    let acknowledge!: () => void;
    const batcher = new GroupCommitBatcher<string>(async (items) => {
      calls.push(items);
      if (calls.length === 1) await new Promise<void>((resolve) => (acknowledge = resolve));
    });

    const first = batcher.add('a/1');
    await new Promise((resolve) => setImmediate(resolve));
    // the first call is under way: these three arrive in different ticks and wait for it
    const later = [batcher.add('b/2')];
    await new Promise((resolve) => setImmediate(resolve));
    later.push(batcher.add('a/3'));
    await new Promise((resolve) => setImmediate(resolve));
    later.push(batcher.add('c/4'));
    expect(calls).toEqual([['a/1']]);

    acknowledge();
    await Promise.all([first, ...later]);
    expect(calls).toEqual([['a/1'], ['b/2', 'a/3', 'c/4']]);
  });

  it('flushes the items handed over in one tick as one call, in order, and resolves each caller after it', async () => {
    const calls: string[][] = [];
    const batcher = new GroupCommitBatcher<string>(async (items) => {
      calls.push(items);
    });

    await Promise.all([batcher.add('a/1'), batcher.add('b/2'), batcher.add('a/3')]);
    await batcher.add('c/4');

    expect(calls).toEqual([['a/1', 'b/2', 'a/3'], ['c/4']]);
  });

  it('takes in items handed over by callers that were started in the same tick, before any of them awaited', async () => {
    const calls: number[][] = [];
    const batcher = new GroupCommitBatcher<number>(async (items) => {
      calls.push(items);
    });
    // as kafkajs starts the partitions' eachBatch of one fetch: each async handler adds before its first await
    const handler = async (partition: number) => {
      await batcher.add(partition);
      return `partition ${partition} done`;
    };

    expect(await Promise.all([0, 1, 2].map(handler))).toEqual(['partition 0 done', 'partition 1 done', 'partition 2 done']);
    expect(calls).toEqual([[0, 1, 2]]);
  });

  it('does not resolve a caller before its call succeeded', async () => {
    let acknowledge!: () => void;
    const batcher = new GroupCommitBatcher<string>(() => new Promise<void>((resolve) => (acknowledge = resolve)));
    let settled = false;
    const sent = batcher.add('a/1').then(() => (settled = true));

    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    acknowledge();
    await sent;
    expect(settled).toBe(true);
  });

  it('rejects every caller of a failed call, and flushes the next tick on its own', async () => {
    const calls: number[] = [];
    const batcher = new GroupCommitBatcher<string>(async (items) => {
      calls.push(items.length);
      if (calls.length === 1) throw new Error('broker down');
    });

    const first = batcher.add('a/1');
    const second = batcher.add('a/2');
    await expect(first).rejects.toThrow('broker down');
    await expect(second).rejects.toThrow('broker down');
    await expect(batcher.add('a/3')).resolves.toBeUndefined();
    expect(calls).toEqual([2, 1]);
  });
});
