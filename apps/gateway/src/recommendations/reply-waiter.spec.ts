import { ReplyWaiter } from './reply-waiter';

const completed = { status: 'completed' as const, confidence: 'normal' as const, result: {} as never };

describe('ReplyWaiter', () => {
  it('hands a delivered outcome to the waiting request', async () => {
    const waiter = new ReplyWaiter();
    const pending = waiter.expect('r-1', 5_000);
    waiter.deliver('r-1', completed);
    await expect(pending.outcome).resolves.toBe(completed);
    expect(waiter.waitingCount).toBe(0);
  });

  it('resolves undefined on timeout and ignores a late outcome', async () => {
    const waiter = new ReplyWaiter();
    const pending = waiter.expect('r-2', 10);
    await expect(pending.outcome).resolves.toBeUndefined();
    expect(() => waiter.deliver('r-2', completed)).not.toThrow();
  });

  it('releases waiting requests on shutdown', async () => {
    const waiter = new ReplyWaiter();
    const pending = waiter.expect('r-3', 5_000);
    waiter.onApplicationShutdown();
    await expect(pending.outcome).resolves.toBeUndefined();
  });
});
