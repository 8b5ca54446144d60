import type { SendResult } from './channel-adapter';

type Failure = Extract<SendResult, { status: 'transient_failure' | 'permanent_failure' }>;

const transient = (error_code: string, provider_status?: number): Failure => ({ status: 'transient_failure', error_code, provider_status });
const permanent = (error_code: string, provider_status?: number): Failure => ({ status: 'permanent_failure', error_code, provider_status });

/** Twilio's error code for a recipient who unsubscribed (texted STOP to the provider). */
export const PROVIDER_CODE_UNSUBSCRIBED_RECIPIENT = 21610;

/**
 * The refusal that means "this person opted out", not "this channel failed": the number goes on the suppression
 * list (RecordProviderOptOutUseCase) and delivery moves to the next channel without retrying this one.
 */
export const SMS_RECIPIENT_OPTED_OUT = 'SMS_RECIPIENT_OPTED_OUT';

export function isRecipientOptOut(result: SendResult): boolean {
  return result.status === 'permanent_failure' && result.error_code === SMS_RECIPIENT_OPTED_OUT;
}

/**
 * An SMS provider's HTTP answer, with the provider's own error code from the body when there is one. 5xx, 408
 * (request timeout) and 429 (slow down) are worth retrying; code 21610 is an opt-out; any other 4xx means the
 * provider refused this message (bad number, bad credentials) and retrying will not change that.
 */
export function classifySmsHttpStatus(status: number, providerCode?: unknown): Failure | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (Number(providerCode) === PROVIDER_CODE_UNSUBSCRIBED_RECIPIENT) return permanent(SMS_RECIPIENT_OPTED_OUT, status);
  if (status === 429) return transient('SMS_RATE_LIMITED', status);
  if (status === 408) return transient('SMS_PROVIDER_TIMEOUT', status);
  if (status >= 500) return transient('SMS_PROVIDER_UNAVAILABLE', status);
  if (status === 401 || status === 403) return permanent('SMS_PROVIDER_AUTH_FAILED', status);
  if (status >= 400) return permanent('SMS_REJECTED', status);
  return permanent('SMS_UNEXPECTED_RESPONSE', status);
}

/** A fetch that threw: our timeout, or the provider could not be reached at all. Both are transient. */
export function classifySmsNetworkError(error: unknown): Failure {
  // Not `instanceof Error`: fetch rejects with a DOMException, which may come from another realm.
  const name = typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name) : '';
  if (name === 'TimeoutError' || name === 'AbortError') return transient('SMS_PROVIDER_TIMEOUT');
  return transient('SMS_PROVIDER_UNREACHABLE');
}

const SMTP_TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EMAXLIMIT', 'EPROXY']);
const SMTP_PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG', 'EENVELOPE', 'EMAXRECIPIENTS', 'ETLS', 'EREQUIRETLS']);

/**
 * A nodemailer error. The SMTP reply code decides first (4xx: try again later, 5xx: refused), then
 * nodemailer's own code (connection problems are transient; authentication, TLS and envelope problems
 * are configuration or address errors that a retry will not fix). Unknown errors count as transient,
 * which the try limit bounds.
 */
export function classifySmtpError(error: unknown): Failure {
  const { responseCode, code } = (typeof error === 'object' && error !== null ? error : {}) as { responseCode?: unknown; code?: unknown };
  if (typeof responseCode === 'number') {
    if (responseCode >= 500) return permanent('SMTP_REJECTED', responseCode);
    if (responseCode >= 400) return transient('SMTP_TEMPORARILY_REJECTED', responseCode);
  }
  if (typeof code === 'string') {
    if (code === 'ETIMEDOUT') return transient('SMTP_TIMEOUT');
    if (SMTP_TRANSIENT_CODES.has(code)) return transient('SMTP_UNREACHABLE');
    if (code === 'EAUTH' || code === 'ENOAUTH') return permanent('SMTP_AUTH_FAILED');
    // the relay's TLS is broken, not this message: another relay may take it (ProviderFailover)
    if (code === 'ETLS') return permanent('SMTP_TLS_FAILED');
    if (SMTP_PERMANENT_CODES.has(code)) return permanent('SMTP_REFUSED');
  }
  return transient('SMTP_ERROR');
}
