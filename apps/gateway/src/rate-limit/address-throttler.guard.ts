import { ExecutionContext, Injectable } from '@nestjs/common';
import { NamedThrottlerGuard } from './named-throttler.guard';
import { ADDRESS_THROTTLER } from './throttlers';

/**
 * Limits per client address, in front of authentication: every request counts, a refused token too, so a
 * flood of invalid tokens from one address ends in 429s that cost no signature check and no key fetch. The
 * address is the socket's peer, or what X-Forwarded-For says only when the peer is in TRUSTED_PROXIES.
 */
@Injectable()
export class AddressThrottlerGuard extends NamedThrottlerGuard {
  protected readonly throttlerName = ADDRESS_THROTTLER;

  /** One budget per address across all routes (the default key is per route). */
  protected override generateKey(_: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }
}
