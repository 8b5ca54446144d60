/** The per-token-subject budget, checked after authentication (`default`, so `@SkipThrottle()` skips it). */
export const SUBJECT_THROTTLER = 'default';
/** The per-client-address budget, checked before authentication. */
export const ADDRESS_THROTTLER = 'address';

/** TRUSTED_PROXIES as Express's `trust proxy` value: the listed addresses or ranges, or no proxy at all. */
export function trustedProxies(setting: string): string[] | false {
  const proxies = setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return proxies.length > 0 ? proxies : false;
}
