import { JwksKeyStore, KeySet } from './jwks-key-store';

/** A stand-in identity provider whose key set and availability the test changes, counting fetches. */
class FakeProvider {
  keys: KeySet = new Map([['k1', 'PEM-1']]);
  down = false;
  fetches = 0;
  fetch = async (): Promise<KeySet> => {
    this.fetches += 1;
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    return this.keys;
  };
}

describe('JwksKeyStore', () => {
  let clock: number;
  let provider: FakeProvider;
  let store: JwksKeyStore;

  beforeEach(() => {
    clock = 0;
    provider = new FakeProvider();
    store = new JwksKeyStore(provider.fetch, { refreshIntervalMs: 600_000, unknownKidRefreshMs: 30_000 }, () => clock);
  });

  it('answers known kids from one fetch', async () => {
    expect(await store.keyFor('k1')).toBe('PEM-1');
    expect(await store.keyFor('k1')).toBe('PEM-1');
    expect(await store.keyFor(undefined)).toBe('PEM-1');
    expect(provider.fetches).toBe(1);
  });

  it('fetches once per interval for any number of unknown kids, and remembers a kid found unknown', async () => {
    await store.keyFor('k1');
    for (let index = 0; index < 50; index += 1) {
      await expect(store.keyFor(`random-${index}`)).rejects.toMatchObject({ name: 'SigningKeyNotFoundError' });
    }
    expect(provider.fetches).toBe(1);
    clock = 30_000;
    await expect(store.keyFor('random-0')).rejects.toMatchObject({ name: 'SigningKeyNotFoundError' });
    await expect(store.keyFor('random-1')).rejects.toMatchObject({ name: 'SigningKeyNotFoundError' });
    expect(provider.fetches).toBe(2);
    clock = 60_000;
    await expect(store.keyFor('random-0')).rejects.toMatchObject({ name: 'SigningKeyNotFoundError' });
    expect(provider.fetches).toBe(2);
    await expect(store.keyFor('random-2')).rejects.toMatchObject({ name: 'SigningKeyNotFoundError' });
    expect(provider.fetches).toBe(3);
  });

  it('picks up a rotated key within the unknown-kid interval while kids are sprayed', async () => {
    await store.keyFor('k1');
    await expect(store.keyFor('sprayed-1')).rejects.toMatchObject({ name: 'SigningKeyNotFoundError' });
    provider.keys = new Map([['k2', 'PEM-2']]);
    clock = 29_999;
    await expect(store.keyFor('k2')).rejects.toMatchObject({ name: 'SigningKeyNotFoundError' });
    clock = 30_000;
    expect(await store.keyFor('k2')).toBe('PEM-2');
    expect(provider.fetches).toBe(2);
  });

  it('refreshes on schedule in the background, serving the old set meanwhile', async () => {
    await store.keyFor('k1');
    provider.keys = new Map([['k2', 'PEM-2']]);
    clock = 600_000;
    expect(await store.keyFor('k1')).toBe('PEM-1');
    expect(provider.fetches).toBe(2);
    await expect(store.keyFor('k1')).rejects.toMatchObject({ name: 'SigningKeyNotFoundError' });
    expect(await store.keyFor('k2')).toBe('PEM-2');
    expect(provider.fetches).toBe(2);
  });

  it('keeps known keys through an outage, gives unknown kids the fetch error, and backs off', async () => {
    await store.keyFor('k1');
    provider.down = true;
    clock = 30_000;
    await expect(store.keyFor('k9')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(store.keyFor('k8')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    clock = 600_000;
    expect(await store.keyFor('k1')).toBe('PEM-1');
    expect(await store.keyFor('k1')).toBe('PEM-1');
    expect(provider.fetches).toBe(3);
  });

  it('with no key set yet and the provider down, fetches at most once per interval', async () => {
    provider.down = true;
    await expect(store.keyFor('k1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(store.keyFor('k1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(provider.fetches).toBe(1);
    provider.down = false;
    clock = 30_000;
    expect(await store.keyFor('k1')).toBe('PEM-1');
    expect(provider.fetches).toBe(2);
  });
});
