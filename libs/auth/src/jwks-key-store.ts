import { SigningKeyNotFoundError } from 'jwks-rsa';

/** The identity provider's signing keys by `kid` (PEM public keys), as one fetch of its JWKS document returns them. */
export type KeySet = ReadonlyMap<string, string>;

export interface JwksKeyStoreSettings {
  /** The key set is fetched again, in the background, once it is this old. */
  refreshIntervalMs: number;
  /** A `kid` not in the key set fetches it again, but only when no fetch was tried within this interval. */
  unknownKidRefreshMs: number;
}

/** How many `kid`s answered "unknown" are remembered; beyond this the oldest is forgotten. */
const MAX_REMEMBERED_UNKNOWN_KIDS = 1_000;

/**
 * The identity provider's keys, held in memory so that tokens cannot spend its fetch budget. A known `kid`
 * is answered from memory; the set is refreshed on a schedule (when older than the refresh interval, without
 * holding up the request). A `kid` not seen yet fetches the set again, but only when no fetch
 * was tried within `unknownKidRefreshMs`, whatever the number of such tokens, so a rotation at the identity provider is picked
 * up within that interval while a stream of random `kid`s costs one fetch per interval. A `kid` that a fetch
 * did not have is remembered as unknown until the next scheduled refresh. While the identity provider cannot
 * be reached, known keys keep working and an unknown `kid` gets the fetch error (a 503, not a 401).
 */
export class JwksKeyStore {
  private keys?: KeySet;
  private fetchedAt = 0;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private lastFetchError?: Error;
  private inFlight?: Promise<void>;
  private readonly unknownKids = new Map<string, number>();

  constructor(
    private readonly fetchKeys: () => Promise<KeySet>,
    private readonly settings: JwksKeyStoreSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** The PEM key for `kid`; rejects with SigningKeyNotFoundError, or the fetch's error when the keys cannot be fetched. */
  async keyFor(kid: string | undefined): Promise<string> {
    const scheduled = this.scheduledRefresh();
    if (scheduled && this.keys) scheduled.catch(() => undefined);
    else if (scheduled) await scheduled;
    const known = this.lookUp(kid);
    if (known) return known;
    if (kid !== undefined && this.mayFetchForUnknownKid(kid)) {
      await this.refresh();
      const fetched = this.lookUp(kid);
      if (fetched) return fetched;
      this.rememberUnknown(kid);
    } else if (this.lastFetchError) {
      throw this.lastFetchError;
    }
    throw new SigningKeyNotFoundError(`Unable to find a signing key that matches '${kid}'`);
  }

  /** Due when there is no set yet or it is older than the refresh interval; after a failed fetch, not again within the unknown-kid interval. */
  private scheduledRefresh(): Promise<void> | undefined {
    if (this.inFlight) return this.inFlight;
    const now = this.now();
    if (this.lastFetchError && now - this.attemptedAt < this.settings.unknownKidRefreshMs) return undefined;
    if (this.keys && now - this.fetchedAt < this.settings.refreshIntervalMs) return undefined;
    return this.refresh();
  }

  private lookUp(kid: string | undefined): string | undefined {
    if (!this.keys) return undefined;
    if (kid === undefined) return this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
    return this.keys.get(kid);
  }

  private mayFetchForUnknownKid(kid: string): boolean {
    const rememberedAt = this.unknownKids.get(kid);
    if (rememberedAt !== undefined && this.now() - rememberedAt < this.settings.refreshIntervalMs) return false;
    return this.now() - this.attemptedAt >= this.settings.unknownKidRefreshMs;
  }

  private rememberUnknown(kid: string): void {
    this.unknownKids.delete(kid);
    this.unknownKids.set(kid, this.now());
    if (this.unknownKids.size > MAX_REMEMBERED_UNKNOWN_KIDS) this.unknownKids.delete(this.unknownKids.keys().next().value!);
  }

  /** One fetch at a time: requests that need the set while it is being fetched wait for that fetch. */
  private refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.attemptedAt = this.now();
    this.inFlight = this.fetchKeys()
      .then(
        (keys) => {
          this.keys = keys;
          this.fetchedAt = this.now();
          this.lastFetchError = undefined;
        },
        (error: Error) => {
          this.lastFetchError = error;
          throw error;
        },
      )
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}
