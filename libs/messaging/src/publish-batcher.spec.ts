import { OutgoingMessage, PublishBatcher } from './publish-batcher';

function message(topic: string, key: string): OutgoingMessage {
  return { topic, key, value: `{"key":"${key}"}`, headers: {} };
}

describe('PublishBatcher', () => {
  it('sends the messages handed over in one tick as one batch, in order, and resolves each caller after it', async () => {
    const batches: string[][] = [];
    const batcher = new PublishBatcher(async (messages) => {
      batches.push(messages.map((m) => `${m.topic}/${m.key}`));
    });

    await Promise.all([batcher.send(message('a', '1')), batcher.send(message('b', '2')), batcher.send(message('a', '3'))]);
    await batcher.send(message('c', '4'));

    expect(batches).toEqual([['a/1', 'b/2', 'a/3'], ['c/4']]);
  });

  it('does not resolve a caller before the broker acknowledged its batch', async () => {
    let acknowledge!: () => void;
    const batcher = new PublishBatcher(() => new Promise<void>((resolve) => (acknowledge = resolve)));
    let settled = false;
    const sent = batcher.send(message('a', '1')).then(() => (settled = true));

    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    acknowledge();
    await sent;
    expect(settled).toBe(true);
  });

  it('rejects every caller of a batch the broker refused, and sends the next tick on its own', async () => {
    const calls: number[] = [];
    const batcher = new PublishBatcher(async (messages) => {
      calls.push(messages.length);
      if (calls.length === 1) throw new Error('broker down');
    });

    const first = batcher.send(message('a', '1'));
    const second = batcher.send(message('a', '2'));
    await expect(first).rejects.toThrow('broker down');
    await expect(second).rejects.toThrow('broker down');
    await expect(batcher.send(message('a', '3'))).resolves.toBeUndefined();
    expect(calls).toEqual([2, 1]);
  });
});
