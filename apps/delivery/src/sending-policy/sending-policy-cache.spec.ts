import { DEFAULT_SENDING_POLICY } from './sending-policy';
import { ExpiringValues, POLICY_CACHE_MS, SendingPolicyCache } from './sending-policy-cache';

describe('ExpiringValues', () => {
  it('answers from one load until ttl after it began, then loads again; forget drops the value at once', async () => {
    let now = 1_000;
    let loads = 0;
    const values = new ExpiringValues<number>(100, () => now);
    const load = async () => (loads += 1);

    expect(await values.get('acme', load)).toBe(1);
    now = 1_099; // 99 ms after the load began: still kept
    expect(await values.get('acme', load)).toBe(1);
    now = 1_100; // 100 ms: expired
    expect(await values.get('acme', load)).toBe(2);
    expect(await values.get('globex', load)).toBe(3); // another key, its own load
    values.forget('acme');
    expect(await values.get('acme', load)).toBe(4);
    expect(loads).toBe(4);
  });

  it('shares one load between concurrent callers and keeps no failed load', async () => {
    let loads = 0;
    const values = new ExpiringValues<number>(100, () => 0);
    const failing = async (): Promise<number> => {
      loads += 1;
      throw new Error('database down');
    };
    const [first, second] = [values.get('acme', failing), values.get('acme', failing)];
    await expect(first).rejects.toThrow('database down');
    await expect(second).rejects.toThrow('database down');
    expect(loads).toBe(1);
    expect(await values.get('acme', async () => 7)).toBe(7);
  });
});

describe('SendingPolicyCache', () => {
  it('reads a tenant once for runs that follow each other, and again after the tenant replaced its policy', async () => {
    const reads: string[] = [];
    const cache = new SendingPolicyCache({
      forTenant: async (tenant: string) => {
        reads.push(tenant);
        return structuredClone(DEFAULT_SENDING_POLICY);
      },
    } as never);
    await cache.forTenant('acme');
    await cache.forTenant('acme');
    expect(reads).toEqual(['acme']);
    cache.forget('acme');
    await cache.forTenant('acme');
    expect(reads).toEqual(['acme', 'acme']);
    expect(POLICY_CACHE_MS).toBe(5_000);
  });
});
