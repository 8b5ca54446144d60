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

/**
 * A send that ended without the provider's answer after the request may have reached it: the provider may have
 * sent the message, so it is neither tried again nor handed to another provider (the rep is told to check).
 */
export const OUTCOME_UNKNOWN_CODES = new Set(['SMS_PROVIDER_TIMEOUT', 'SMS_CONNECTION_LOST', 'SMTP_TIMEOUT', 'SMTP_CONNECTION_LOST']);

/** System error codes that mean no connection was made, so nothing of the message left this process. */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** The system error code behind an error, also when connecting tried several addresses (an AggregateError). */
function systemCode(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  return code ?? (Array.isArray(errors) ? systemCode(errors[0]) : undefined);
}

/**
 * A fetch that threw: our timeout, no connection to the provider, or a connection lost after the request went
 * out (the provider may have taken the message, as after a timeout).
 */
export function classifySmsNetworkError(error: unknown): Failure {
  // Not `instanceof Error`: fetch rejects with a DOMException, which may come from another realm.
  const name = typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name) : '';
  if (name === 'TimeoutError' || name === 'AbortError') return transient('SMS_PROVIDER_TIMEOUT');
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  if (NOT_CONNECTED_CODES.has(systemCode(cause) as string)) return transient('SMS_PROVIDER_UNREACHABLE');
  return transient('SMS_CONNECTION_LOST');
}

/** nodemailer's timeouts of the phases before the session starts (connecting, the greeting, STARTTLS). */
const BEFORE_SESSION_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);
const SMTP_NOT_SENT_CODES = new Set(['EDNS', 'EMAXLIMIT', 'EPROXY']);
const SMTP_PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG', 'EENVELOPE', 'EMAXRECIPIENTS', 'ETLS', 'EREQUIRETLS']);

/**
 * A nodemailer error. The SMTP reply code decides first (4xx: try again later, 5xx: refused), then
 * nodemailer's own code: no connection made is transient (the relay is unreachable); a connection lost or timed
 * out during the session leaves the outcome unknown (the relay may have taken the message before answering);
 * authentication, TLS and envelope problems are configuration or address errors that a retry will not fix.
 * Unknown errors count as transient, which the try limit bounds.
 */
export function classifySmtpError(error: unknown): Failure {
  const { responseCode, code, originalCode, timeoutType } = (typeof error === 'object' && error !== null ? error : {}) as {
    responseCode?: unknown;
    code?: unknown;
    originalCode?: unknown;
    timeoutType?: unknown;
  };
  if (typeof responseCode === 'number') {
    if (responseCode >= 500) return permanent('SMTP_REJECTED', responseCode);
    if (responseCode >= 400) return transient('SMTP_TEMPORARILY_REJECTED', responseCode);
  }
  if (typeof code === 'string') {
    if (code === 'ETIMEDOUT') return transient(BEFORE_SESSION_TIMEOUTS.has(timeoutType as string) ? 'SMTP_UNREACHABLE' : 'SMTP_TIMEOUT');
    if (SMTP_NOT_SENT_CODES.has(code) || NOT_CONNECTED_CODES.has(originalCode as string)) return transient('SMTP_UNREACHABLE');
    if (code === 'ECONNECTION' || code === 'ESOCKET') return transient('SMTP_CONNECTION_LOST');
    if (code === 'EAUTH' || code === 'ENOAUTH') return permanent('SMTP_AUTH_FAILED');
    // the relay's TLS is broken, not this message: another relay may take it (ProviderFailover)
    if (code === 'ETLS') return permanent('SMTP_TLS_FAILED');
    if (SMTP_PERMANENT_CODES.has(code)) return permanent('SMTP_REFUSED');
  }
  return transient('SMTP_ERROR');
}
