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

/**
 * Errors of the TLS handshake (the certificate's verification, a server that does not speak TLS, a refused
 * handshake): the request is written only after it, so nothing of it left. Other TLS errors may come mid-stream.
 */
const TLS_HANDSHAKE_CODE =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_CERT_ALTNAME_INVALID$|ERR_SSL_.*HANDSHAKE|ERR_SSL_(WRONG_VERSION_NUMBER|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE|TLSV1_ALERT_PROTOCOL_VERSION|TLSV1_UNRECOGNIZED_NAME)$)/;

/**
 * Whether the error behind a failed fetch happened before any of the request could be written: connecting failed
 * (the system call says `connect`, or `getaddrinfo` for the name; on every address tried), undici's connect timeout,
 * or the TLS handshake.
 */
function failedBeforeSending(cause: unknown): boolean {
  if (typeof cause !== 'object' || cause === null) return false;
  const { code, syscall, errors, message } = cause as { code?: unknown; syscall?: unknown; errors?: unknown; message?: unknown };
  if (Array.isArray(errors) && errors.length > 0) return errors.every(failedBeforeSending);
  if (syscall === 'connect' || syscall === 'getaddrinfo' || code === 'UND_ERR_CONNECT_TIMEOUT') return true;
  if (typeof code === 'string' && TLS_HANDSHAKE_CODE.test(code)) return true;
  return typeof message === 'string' && message.includes('before secure TLS connection was established');
}

/**
 * A fetch that threw: our timeout, no connection to the provider (nothing sent), or a connection lost after the
 * request may have been written (the provider may have taken the message, as after a timeout).
 */
export function classifySmsNetworkError(error: unknown): Failure {
  // Not `instanceof Error`: fetch rejects with a DOMException, which may come from another realm.
  const name = typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name) : '';
  if (name === 'TimeoutError' || name === 'AbortError') return transient('SMS_PROVIDER_TIMEOUT');
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  return transient(failedBeforeSending(cause) ? 'SMS_PROVIDER_UNREACHABLE' : 'SMS_CONNECTION_LOST');
}

/** nodemailer's codes for a connection that failed, was lost or timed out (or could not be made: DNS, proxy, pool). */
const SMTP_CONNECTION_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'EPROXY', 'EMAXLIMIT']);
const SMTP_PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG', 'EENVELOPE', 'EMAXRECIPIENTS', 'ETLS', 'EREQUIRETLS']);

/**
 * A nodemailer error. The SMTP reply code decides first (4xx: try again later, 5xx: refused). A connection problem
 * before the message's transaction began (`transactionBegun`: nodemailer was about to send MAIL FROM) carried nothing
 * of the message: the relay is unreachable. Once it began, a lost connection or a timeout leaves the outcome unknown,
 * since the relay may have taken the message before answering. Authentication, TLS and envelope problems are
 * configuration or address errors that a retry will not fix. Unknown errors count as transient, which the try limit
 * bounds.
 */
export function classifySmtpError(error: unknown, transactionBegun: boolean): Failure {
  const { responseCode, code } = (typeof error === 'object' && error !== null ? error : {}) as { responseCode?: unknown; code?: unknown };
  if (typeof responseCode === 'number') {
    if (responseCode >= 500) return permanent('SMTP_REJECTED', responseCode);
    if (responseCode >= 400) return transient('SMTP_TEMPORARILY_REJECTED', responseCode);
  }
  if (typeof code === 'string') {
    if (SMTP_CONNECTION_CODES.has(code)) {
      if (!transactionBegun) return transient('SMTP_UNREACHABLE');
      return transient(code === 'ETIMEDOUT' ? 'SMTP_TIMEOUT' : 'SMTP_CONNECTION_LOST');
    }
    if (code === 'EAUTH' || code === 'ENOAUTH') return permanent('SMTP_AUTH_FAILED');
    // the relay's TLS is broken, not this message: another relay may take it (ProviderFailover)
    if (code === 'ETLS') return permanent('SMTP_TLS_FAILED');
    if (SMTP_PERMANENT_CODES.has(code)) return permanent('SMTP_REFUSED');
  }
  return transient('SMTP_ERROR');
}
