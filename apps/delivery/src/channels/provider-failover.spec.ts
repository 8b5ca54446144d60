import type { OutboundMessage, SendResult } from './channel-adapter';
import { ChannelProvider, isProviderDown, ProviderFailover } from './provider-failover';

const message: OutboundMessage = {
  tenant: 'acme',
  recommendation_id: 'rec-1',
  lead_id: 'LD-1',
  owner_rep_id: 'rep-1',
  idempotency_key: 'rec-1:1',
  request_id: 'req-1',
  to: '+14155550123',
  first_name: 'Sarah',
  body: 'Hi',
};

/** A provider that answers the given results in turn (the last one from then on) and records the keys it was sent. */
function provider(name: ChannelProvider['name'], ...results: SendResult[]) {
  const keys: string[] = [];
  return {
    keys,
    provider: {
      name,
      send: async (sent: OutboundMessage) => {
        keys.push(sent.idempotency_key);
        return results.length > 1 ? results.shift()! : results[0];
      },
    } satisfies ChannelProvider,
  };
}

const delivered = (id: string): SendResult => ({ status: 'delivered', provider_message_id: id });
const settings = { errorThresholdPercentage: 50, volumeThreshold: 2, resetTimeout: 60000 };
const failovers: ProviderFailover[] = [];
const failover = (...providers: ChannelProvider[]) => {
  const created = new ProviderFailover('sms', providers, settings);
  failovers.push(created);
  return created;
};
afterEach(() => failovers.splice(0).forEach((created) => created.shutdown()));

describe('isProviderDown', () => {
  it.each([
    [{ status: 'transient_failure', error_code: 'SMS_PROVIDER_UNREACHABLE' }, true],
    [{ status: 'transient_failure', error_code: 'SMS_PROVIDER_UNAVAILABLE', provider_status: 503 }, true],
    [{ status: 'transient_failure', error_code: 'SMTP_UNREACHABLE' }, true],
    [{ status: 'permanent_failure', error_code: 'SMTP_TLS_FAILED' }, true],
    [{ status: 'permanent_failure', error_code: 'SMTP_REJECTED', provider_status: 550 }, false],
    [{ status: 'transient_failure', error_code: 'SMS_PROVIDER_TIMEOUT' }, false],
    [{ status: 'transient_failure', error_code: 'SMTP_TIMEOUT' }, false],
    [{ status: 'transient_failure', error_code: 'SMTP_CONNECTION_LOST' }, false],
    [{ status: 'transient_failure', error_code: 'SMS_CONNECTION_LOST' }, false],
    [{ status: 'transient_failure', error_code: 'SMS_RATE_LIMITED', provider_status: 429 }, false],
    [{ status: 'permanent_failure', error_code: 'SMS_REJECTED', provider_status: 400 }, false],
    [{ status: 'permanent_failure', error_code: 'SMS_RECIPIENT_OPTED_OUT', provider_status: 400 }, false],
    [{ status: 'delivered', provider_message_id: 'SM1' }, false],
  ] as Array<[SendResult, boolean]>)('%j → %s', (result, expected) => {
    expect(isProviderDown(result)).toBe(expected);
  });
});

describe('ProviderFailover', () => {
  it('with one provider, answers what it answers, even when it is down', async () => {
    const primary = provider('primary', { status: 'transient_failure', error_code: 'SMS_PROVIDER_UNREACHABLE' });
    expect(await failover(primary.provider).send(message)).toEqual({ status: 'transient_failure', error_code: 'SMS_PROVIDER_UNREACHABLE' });
    expect(primary.keys).toEqual(['rec-1:1']);
  });

  it('sends only through the primary while it is up', async () => {
    const primary = provider('primary', delivered('SM-primary'));
    const fallback = provider('fallback', delivered('SM-fallback'));
    expect(await failover(primary.provider, fallback.provider).send(message)).toEqual(delivered('SM-primary'));
    expect(fallback.keys).toEqual([]);
  });

  it('hands the same message, same idempotency key, to the fallback when the primary is unreachable or answers 5xx', async () => {
    const primary = provider(
      'primary',
      { status: 'transient_failure', error_code: 'SMS_PROVIDER_UNREACHABLE' },
      { status: 'transient_failure', error_code: 'SMS_PROVIDER_UNAVAILABLE', provider_status: 503 },
    );
    const fallback = provider('fallback', delivered('SM-fallback'));
    const channel = failover(primary.provider, fallback.provider);
    expect(await channel.send(message)).toEqual(delivered('SM-fallback'));
    expect(await channel.send(message)).toEqual(delivered('SM-fallback'));
    expect(primary.keys).toEqual(['rec-1:1', 'rec-1:1']);
    expect(fallback.keys).toEqual(['rec-1:1', 'rec-1:1']);
  });

  it('never re-sends after a timeout or a refusal of the message', async () => {
    const primary = provider(
      'primary',
      { status: 'transient_failure', error_code: 'SMS_PROVIDER_TIMEOUT' },
      { status: 'permanent_failure', error_code: 'SMS_REJECTED', provider_status: 400 },
    );
    const fallback = provider('fallback', delivered('SM-fallback'));
    const channel = failover(primary.provider, fallback.provider);
    expect(await channel.send(message)).toEqual({ status: 'transient_failure', error_code: 'SMS_PROVIDER_TIMEOUT' });
    expect(await channel.send(message)).toEqual({ status: 'permanent_failure', error_code: 'SMS_REJECTED', provider_status: 400 });
    expect(fallback.keys).toEqual([]);
  });

  it('skips the primary once its circuit is open (2 of 2 sends down)', async () => {
    const primary = provider('primary', { status: 'transient_failure', error_code: 'SMS_PROVIDER_UNREACHABLE' });
    const fallback = provider('fallback', delivered('SM-fallback'));
    const channel = failover(primary.provider, fallback.provider);
    await channel.send(message);
    await channel.send(message);
    expect(await channel.send(message)).toEqual(delivered('SM-fallback'));
    expect(primary.keys).toEqual(['rec-1:1', 'rec-1:1']);
    expect(fallback.keys).toEqual(['rec-1:1', 'rec-1:1', 'rec-1:1']);
  });

  it('answers the last provider down when every provider is down', async () => {
    const primary = provider('primary', { status: 'transient_failure', error_code: 'SMS_PROVIDER_UNREACHABLE' });
    const fallback = provider('fallback', { status: 'transient_failure', error_code: 'SMS_PROVIDER_UNAVAILABLE', provider_status: 502 });
    expect(await failover(primary.provider, fallback.provider).send(message)).toEqual({
      status: 'transient_failure',
      error_code: 'SMS_PROVIDER_UNAVAILABLE',
      provider_status: 502,
    });
  });

  it('answers PROVIDER_CIRCUIT_OPEN when every circuit is open', async () => {
    const primary = provider('primary', { status: 'transient_failure', error_code: 'SMS_PROVIDER_UNREACHABLE' });
    const fallback = provider('fallback', { status: 'transient_failure', error_code: 'SMS_PROVIDER_UNREACHABLE' });
    const channel = failover(primary.provider, fallback.provider);
    await channel.send(message);
    await channel.send(message);
    expect(await channel.send(message)).toEqual({ status: 'transient_failure', error_code: 'PROVIDER_CIRCUIT_OPEN' });
    expect(primary.keys).toEqual(['rec-1:1', 'rec-1:1']);
    expect(fallback.keys).toEqual(['rec-1:1', 'rec-1:1']);
  });
});
