import { handleByKey } from './key-lanes';

const message = (key: string | null, offset: number) => ({ key: key === null ? null : Buffer.from(key), offset: String(offset) });

/**
 * Lanes whose handler calls stay open until the test settles them, recording the order they started in and every
 * offset reported handled up to.
 */
function heldLanes(proceed: () => boolean = () => true, afterEach: () => Promise<void> = async () => undefined) {
  const started: string[] = [];
  const handledUpTo: string[] = [];
  const open = new Map<string, { resolve: () => void; reject: (error: unknown) => void }>();
  const lanes = {
    handle: (m: { offset: string }) =>
      new Promise<void>((resolve, reject) => {
        started.push(m.offset);
        open.set(m.offset, { resolve, reject });
      }),
    handledUpTo: (offset: string) => void handledUpTo.push(offset),
    afterEach,
    proceed,
  };
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return { started, handledUpTo, open, lanes, turn };
}

describe('handleByKey', () => {
  it("handles different keys side by side and one key's messages one after another in offset order", async () => {
    const { started, handledUpTo, open, lanes, turn } = heldLanes();
    const outcome = handleByKey([message('A', 10), message('B', 11), message('A', 12), message(null, 13)], lanes, 8);

    await turn();
    expect(started).toEqual(['10', '11', '13']);
    open.get('11')!.resolve();
    open.get('13')!.resolve();
    await turn();
    expect(started).toEqual(['10', '11', '13']);
    expect(handledUpTo).toEqual([]); // 10 is not handled yet: nothing after it counts
    open.get('10')!.resolve();
    await turn();
    expect(started).toEqual(['10', '11', '13', '12']);
    expect(handledUpTo).toEqual(['11']);
    open.get('12')!.resolve();

    expect(await outcome).toEqual({ failed: undefined });
    expect(handledUpTo).toEqual(['11', '13']);
  });

  it('keeps at most `concurrency` keys in hand', async () => {
    const { started, open, lanes, turn } = heldLanes();
    const outcome = handleByKey([message('A', 0), message('B', 1), message('C', 2), message('D', 3)], lanes, 2);

    await turn();
    expect(started).toEqual(['0', '1']);
    open.get('1')!.resolve();
    await turn();
    expect(started).toEqual(['0', '1', '2']);
    for (const offset of ['0', '2']) open.get(offset)!.resolve();
    await turn();
    open.get('3')!.resolve();

    expect(await outcome).toEqual({ failed: undefined });
  });

  it('after a failure starts nothing more, and reports handled only what came before the first gap', async () => {
    const { started, handledUpTo, open, lanes, turn } = heldLanes();
    const outcome = handleByKey([message('A', 20), message('B', 21), message('A', 22), message('C', 23)], lanes, 8);

    await turn();
    expect(started).toEqual(['20', '21', '23']);
    open.get('23')!.resolve();
    open.get('21')!.reject(new Error('broker away'));
    await turn();
    open.get('20')!.resolve();

    expect(await outcome).toEqual({ failed: { error: new Error('broker away') } });
    expect(started).toEqual(['20', '21', '23']);
    expect(handledUpTo).toEqual(['20']);
  });

  it('counts a message handled when the heartbeat after it fails, and stops there', async () => {
    const heartbeatFailure = new Error('The group is rebalancing');
    const { started, handledUpTo, open, lanes, turn } = heldLanes(
      () => true,
      async () => {
        throw heartbeatFailure;
      },
    );
    const outcome = handleByKey([message('A', 40), message('A', 41)], lanes, 8);

    await turn();
    open.get('40')!.resolve();

    expect(await outcome).toEqual({ failed: { error: heartbeatFailure } });
    expect(started).toEqual(['40']);
    expect(handledUpTo).toEqual(['40']);
  });

  it('stops starting messages once told not to proceed (a rebalance, a stop), reporting what was handled', async () => {
    let proceed = true;
    const { started, handledUpTo, open, lanes, turn } = heldLanes(() => proceed);
    const outcome = handleByKey([message('A', 30), message('A', 31), message('B', 32)], lanes, 1);

    await turn();
    expect(started).toEqual(['30']);
    proceed = false;
    open.get('30')!.resolve();

    expect(await outcome).toEqual({ failed: undefined });
    expect(started).toEqual(['30']);
    expect(handledUpTo).toEqual(['30']);
  });
});
