import { handleByKey } from './key-lanes';

const message = (key: string | null, offset: number) => ({ key: key === null ? null : Buffer.from(key), offset: String(offset) });

/** A handler whose calls stay open until the test settles them, recording the order they started in. */
function heldHandler() {
  const started: string[] = [];
  const open = new Map<string, { resolve: () => void; reject: (error: unknown) => void }>();
  const handle = (m: { offset: string }) =>
    new Promise<void>((resolve, reject) => {
      started.push(m.offset);
      open.set(m.offset, { resolve, reject });
    });
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return { started, handle, open, turn };
}

describe('handleByKey', () => {
  it("handles different keys side by side and one key's messages one after another in offset order", async () => {
    const { started, handle, open, turn } = heldHandler();
    const outcome = handleByKey([message('A', 10), message('B', 11), message('A', 12), message(null, 13)], handle, () => true, 8);

    await turn();
    expect(started).toEqual(['10', '11', '13']);
    open.get('11')!.resolve();
    open.get('13')!.resolve();
    await turn();
    expect(started).toEqual(['10', '11', '13']);
    open.get('10')!.resolve();
    await turn();
    expect(started).toEqual(['10', '11', '13', '12']);
    open.get('12')!.resolve();

    expect(await outcome).toEqual({ handledUpTo: '13', failed: undefined });
  });

  it('keeps at most `concurrency` keys in hand', async () => {
    const { started, handle, open, turn } = heldHandler();
    const outcome = handleByKey([message('A', 0), message('B', 1), message('C', 2), message('D', 3)], handle, () => true, 2);

    await turn();
    expect(started).toEqual(['0', '1']);
    open.get('1')!.resolve();
    await turn();
    expect(started).toEqual(['0', '1', '2']);
    for (const offset of ['0', '2']) open.get(offset)!.resolve();
    await turn();
    open.get('3')!.resolve();

    expect(await outcome).toEqual({ handledUpTo: '3', failed: undefined });
  });

  it('after a failure starts nothing more and answers the offsets handled before the first gap', async () => {
    const { started, handle, open, turn } = heldHandler();
    const outcome = handleByKey([message('A', 20), message('B', 21), message('A', 22), message('C', 23)], handle, () => true, 8);

    await turn();
    expect(started).toEqual(['20', '21', '23']);
    open.get('23')!.resolve();
    open.get('21')!.reject(new Error('broker away'));
    await turn();
    open.get('20')!.resolve();

    const { handledUpTo, failed } = await outcome;
    expect(started).toEqual(['20', '21', '23']);
    expect(handledUpTo).toBe('20');
    expect(failed).toEqual({ error: new Error('broker away') });
  });

  it('stops starting messages once told not to proceed (a rebalance, a stop), answering what was handled', async () => {
    const { started, handle, open, turn } = heldHandler();
    let proceed = true;
    const outcome = handleByKey([message('A', 30), message('A', 31), message('B', 32)], handle, () => proceed, 1);

    await turn();
    expect(started).toEqual(['30']);
    proceed = false;
    open.get('30')!.resolve();

    expect(await outcome).toEqual({ handledUpTo: '30', failed: undefined });
    expect(started).toEqual(['30']);
  });
});
