import { RecommendationLocks } from './recommendation-locks';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('RecommendationLocks', () => {
  it('runs work on one recommendation one at a time, in order, and others in parallel', async () => {
    const locks = new RecommendationLocks();
    const log: string[] = [];
    const step = (id: string, name: string) =>
      locks.run(id, async () => {
        log.push(`${name}:start`);
        await tick();
        log.push(`${name}:end`);
      });
    await Promise.all([step('r-1', 'a'), step('r-1', 'b'), step('r-2', 'c')]);
    expect(log.indexOf('a:end')).toBeLessThan(log.indexOf('b:start'));
    expect(log.indexOf('c:start')).toBeLessThan(log.indexOf('a:end'));
  });

  it('keeps going after a failure', async () => {
    const locks = new RecommendationLocks();
    await expect(locks.run('r', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(locks.run('r', async () => 42)).resolves.toBe(42);
  });

  it('lets work that holds the lock take it again instead of deadlocking', async () => {
    const locks = new RecommendationLocks();
    const log: string[] = [];
    const outer = locks.run('r', async () => {
      log.push('outer:start');
      await locks.run('r', async () => log.push('inner'));
      log.push('outer:end');
    });
    const other = locks.run('r', async () => log.push('next'));
    await Promise.all([outer, other]);
    expect(log).toEqual(['outer:start', 'inner', 'outer:end', 'next']);
  });
});
