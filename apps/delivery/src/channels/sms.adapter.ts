import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Environment } from '@followup/config';
import { CHANNEL_NOT_CONFIGURED, ChannelAdapter, OutboundMessage, SendResult } from './channel-adapter';
import { classifySmsHttpStatus, classifySmsNetworkError } from './provider-errors';
import { breakerSettings, ChannelProvider, ProviderFailover } from './provider-failover';

export interface SmsProviderSettings {
  baseUrl?: string;
  accountSid?: string;
  authToken?: string;
  from?: string;
  timeoutMs: number;
}

export function smsSettings(environment: Environment): SmsProviderSettings {
  return {
    baseUrl: environment.SMS_PROVIDER_URL,
    accountSid: environment.SMS_ACCOUNT_SID,
    authToken: environment.SMS_AUTH_TOKEN,
    from: environment.SMS_FROM,
    timeoutMs: environment.SMS_TIMEOUT_MS,
  };
}

/** The SMS_FALLBACK_* provider, or none when SMS_FALLBACK_API_URL is unset. */
export function smsFallbackSettings(environment: Environment): SmsProviderSettings | undefined {
  if (!environment.SMS_FALLBACK_API_URL) return undefined;
  return {
    baseUrl: environment.SMS_FALLBACK_API_URL,
    accountSid: environment.SMS_FALLBACK_ACCOUNT_SID,
    authToken: environment.SMS_FALLBACK_AUTH_TOKEN,
    from: environment.SMS_FALLBACK_FROM ?? environment.SMS_FROM,
    timeoutMs: environment.SMS_TIMEOUT_MS,
  };
}

/**
 * SMS through a Twilio-style REST API: a form-encoded `To`, `From`, `Body` POSTed to
 * `{SMS_PROVIDER_URL}/Accounts/{sid}/Messages.json` with basic auth (`sid:token`), with a timeout. The
 * attempt's idempotency key goes along in `Idempotency-Key` for providers that deduplicate on it. With SMS_FALLBACK_API_URL
 * set, a second provider takes the same message when the first is down (ProviderFailover).
 */
@Injectable()
export class SmsAdapter implements ChannelAdapter, OnModuleDestroy {
  readonly channel = 'sms' as const;
  private readonly providers: ProviderFailover;

  constructor(environment: Environment) {
    const fallback = smsFallbackSettings(environment);
    this.providers = new ProviderFailover(
      this.channel,
      [smsProvider('primary', smsSettings(environment)), ...(fallback ? [smsProvider('fallback', fallback)] : [])],
      breakerSettings(environment),
    );
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return this.providers.send(message);
  }

  onModuleDestroy(): void {
    this.providers.shutdown();
  }
}

function smsProvider(name: ChannelProvider['name'], settings: SmsProviderSettings): ChannelProvider {
  return { name, send: (message) => sendSms(settings, message) };
}

async function sendSms(settings: SmsProviderSettings, message: OutboundMessage): Promise<SendResult> {
  const { baseUrl, accountSid, authToken, from, timeoutMs } = settings;
  if (!baseUrl || !accountSid || !authToken || !from) return { status: 'permanent_failure', error_code: CHANNEL_NOT_CONFIGURED };
  const url = `${baseUrl.replace(/\/+$/, '')}/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'idempotency-key': message.idempotency_key,
      },
      body: new URLSearchParams({ To: message.to, From: from, Body: message.body }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return classifySmsNetworkError(error);
  }
  let body: { sid?: unknown; code?: unknown } = {};
  try {
    body = ((await response.json()) ?? {}) as typeof body;
  } catch {
    // a body that is not JSON: the status alone decides
  }
  // the provider's own error code tells an unsubscribed recipient (21610) from other refusals
  const failure = classifySmsHttpStatus(response.status, body.code);
  if (failure) return failure;
  return { status: 'delivered', provider_message_id: typeof body.sid === 'string' ? body.sid : undefined };
}
