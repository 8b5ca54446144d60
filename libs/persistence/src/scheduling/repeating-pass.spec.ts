import { RepeatingPass } from './repeating-pass';

describe('RepeatingPass', () => {
  it('never overlaps two passes: a call while one runs answers `skipped`, and the next call runs again', async () => {
    const finishers: ((value: number) => void)[] = [];
    const passes = new RepeatingPass(() => new Promise<number>((resolve) => finishers.push(resolve)), -1);
    const first = passes.runOnce();
    expect(await passes.runOnce()).toBe(-1);
    finishers[0](7);
    expect(await first).toBe(7);
    const second = passes.runOnce();
    finishers[1](3);
    expect(await second).toBe(3);
    expect(finishers).toHaveLength(2);
  });

  it('stop() waits for the pass under way', async () => {
    const order: string[] = [];
    let finish!: () => void;
    const passes = new RepeatingPass(() => new Promise<number>((resolve) => (finish = () => (order.push('pass done'), resolve(1)))), 0);
    void passes.runOnce();
    const stopped = passes.stop().then(() => order.push('stopped'));
    finish();
    await stopped;
    expect(order).toEqual(['pass done', 'stopped']);
  });
});
