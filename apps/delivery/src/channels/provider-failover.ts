import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { Environment } from '@followup/config';
import type { OutboundMessage, SendResult } from './channel-adapter';

/** One provider of a channel (a relay, an SMS API), sending and classifying like an adapter. */
export interface ChannelProvider {
  readonly name: 'primary' | 'fallback';
  send(message: OutboundMessage): Promise<SendResult>;
}

export interface BreakerSettings {
  errorThresholdPercentage: number;
  volumeThreshold: number;
  resetTimeout: number;
}

export function breakerSettings(environment: Environment): BreakerSettings {
  return {
    errorThresholdPercentage: environment.PROVIDER_BREAKER_ERROR_PERCENT,
    volumeThreshold: environment.PROVIDER_BREAKER_VOLUME,
    resetTimeout: environment.PROVIDER_BREAKER_RESET_MS,
  };
}

/**
 * The failures that say the provider itself is down (nothing reached it, its TLS failed, or it answered 5xx), so the same message
 * may go to another provider. A timeout or a connection lost after it was made is not one of them
 * (OUTCOME_UNKNOWN_CODES): the provider may have accepted the message, and a second provider would send it twice. A refusal of the message is not one either: another provider would refuse it too.
 */
const PROVIDER_DOWN_CODES = new Set(['SMS_PROVIDER_UNREACHABLE', 'SMS_PROVIDER_UNAVAILABLE', 'SMTP_UNREACHABLE', 'SMTP_TLS_FAILED']);

export function isProviderDown(result: SendResult): boolean {
  return result.status !== 'delivered' && result.status !== 'task_created' && PROVIDER_DOWN_CODES.has(result.error_code);
}

/** What a provider's breaker answers while open: the provider was not tried. */
export const PROVIDER_CIRCUIT_OPEN = 'PROVIDER_CIRCUIT_OPEN';

class ProviderDown extends Error {
  constructor(readonly result: SendResult) {
    super('provider down');
  }
}

/**
 * A channel's providers in order, each behind its own circuit breaker (opossum): a provider that is down, or whose
 * breaker is open, hands the same message (same idempotency key) to the next one. With a single provider the
 * message goes straight to it, as before fallback existed.
 */
export class ProviderFailover {
  private readonly logger = new Logger(ProviderFailover.name);
  private readonly breakers: Array<{ provider: ChannelProvider; breaker: CircuitBreaker<[OutboundMessage], SendResult> }>;

  constructor(
    private readonly channel: string,
    private readonly providers: ChannelProvider[],
    settings: BreakerSettings,
  ) {
    this.breakers = providers.map((provider) => {
      const breaker = new CircuitBreaker(
        async (message: OutboundMessage) => {
          const result = await provider.send(message);
          if (isProviderDown(result)) throw new ProviderDown(result);
          return result;
        },
        { ...settings, timeout: false },
      );
      breaker.on('open', () => this.logger.warn(`${channel} provider ${provider.name}: circuit open`));
      breaker.on('close', () => this.logger.log(`${channel} provider ${provider.name}: circuit closed`));
      return { provider, breaker };
    });
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    if (this.providers.length === 1) return this.providers[0].send(message);
    let result: SendResult = { status: 'transient_failure', error_code: PROVIDER_CIRCUIT_OPEN };
    for (const [index, { provider, breaker }] of this.breakers.entries()) {
      if (index > 0) {
        this.logger.warn(
          `${this.channel}: switching to provider ${provider.name} (${result.status === 'transient_failure' ? result.error_code : result.status}, recommendation ${message.recommendation_id})`,
        );
      }
      try {
        return await breaker.fire(message);
      } catch (error) {
        if (error instanceof ProviderDown) result = error.result;
        else if (breaker.opened) result = { status: 'transient_failure', error_code: PROVIDER_CIRCUIT_OPEN };
        else throw error;
      }
    }
    return result;
  }

  shutdown(): void {
    for (const { breaker } of this.breakers) breaker.shutdown();
  }
}
