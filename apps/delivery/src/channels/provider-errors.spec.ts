import { classifySmsHttpStatus, classifySmsNetworkError, classifySmtpError, isRecipientOptOut } from './provider-errors';

describe('classifySmsHttpStatus', () => {
  it('accepts 2xx', () => {
    expect(classifySmsHttpStatus(201)).toBeUndefined();
  });

  it('retries 5xx, 429 and 408', () => {
    expect(classifySmsHttpStatus(503)).toEqual({
      status: 'transient_failure',
      error_code: 'SMS_PROVIDER_UNAVAILABLE',
      provider_status: 503,
    });
    expect(classifySmsHttpStatus(500)?.status).toBe('transient_failure');
    expect(classifySmsHttpStatus(429)).toMatchObject({ status: 'transient_failure', error_code: 'SMS_RATE_LIMITED' });
    expect(classifySmsHttpStatus(408)?.status).toBe('transient_failure');
  });

  it('does not retry other 4xx', () => {
    expect(classifySmsHttpStatus(400)).toEqual({ status: 'permanent_failure', error_code: 'SMS_REJECTED', provider_status: 400 });
    expect(classifySmsHttpStatus(404)?.status).toBe('permanent_failure');
    expect(classifySmsHttpStatus(401)).toMatchObject({ status: 'permanent_failure', error_code: 'SMS_PROVIDER_AUTH_FAILED' });
  });
});

describe('the provider code for an unsubscribed recipient', () => {
  it('is an opt-out, whatever the HTTP status, and no other code is', () => {
    const optedOut = classifySmsHttpStatus(400, 21610)!;
    expect(optedOut).toEqual({ status: 'permanent_failure', error_code: 'SMS_RECIPIENT_OPTED_OUT', provider_status: 400 });
    expect(isRecipientOptOut(optedOut)).toBe(true);
    expect(classifySmsHttpStatus(400, '21610')?.error_code).toBe('SMS_RECIPIENT_OPTED_OUT');
    expect(isRecipientOptOut(classifySmsHttpStatus(400, 21211)!)).toBe(false);
    expect(isRecipientOptOut({ status: 'delivered' })).toBe(false);
  });
});

describe('classifySmsNetworkError', () => {
  it('treats timeouts and unreachable providers as transient', () => {
    expect(classifySmsNetworkError(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toEqual({
      status: 'transient_failure',
      error_code: 'SMS_PROVIDER_TIMEOUT',
    });
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    expect(classifySmsNetworkError(refused).error_code).toBe('SMS_PROVIDER_UNREACHABLE');
    const everyAddressRefused = Object.assign(new TypeError('fetch failed'), {
      cause: new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })]),
    });
    expect(classifySmsNetworkError(everyAddressRefused).error_code).toBe('SMS_PROVIDER_UNREACHABLE');
  });

  it('leaves the outcome unknown when the connection was lost after it was made', () => {
    const closed = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(classifySmsNetworkError(closed)).toEqual({ status: 'transient_failure', error_code: 'SMS_CONNECTION_LOST' });
    expect(classifySmsNetworkError(new TypeError('fetch failed')).error_code).toBe('SMS_CONNECTION_LOST');
  });
});

describe('classifySmtpError', () => {
  const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error('smtp'), fields);

  it('follows the SMTP reply code: 4xx transient, 5xx permanent', () => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 450 }))).toMatchObject({
      status: 'transient_failure',
      provider_status: 450,
    });
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 550 }))).toEqual({
      status: 'permanent_failure',
      error_code: 'SMTP_REJECTED',
      provider_status: 550,
    });
  });

  it('retries connection problems and not authentication or configuration ones', () => {
    expect(classifySmtpError(smtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }))).toEqual({
      status: 'transient_failure',
      error_code: 'SMTP_UNREACHABLE',
    });
    expect(classifySmtpError(smtpError({ code: 'EDNS', originalCode: 'ENOTFOUND' })).error_code).toBe('SMTP_UNREACHABLE');
    expect(classifySmtpError(smtpError({ code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT' })).error_code).toBe('SMTP_UNREACHABLE');
    expect(classifySmtpError(smtpError({ code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' })).error_code).toBe('SMTP_TIMEOUT');
    expect(classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 535 })).status).toBe('permanent_failure');
    expect(classifySmtpError(smtpError({ code: 'ENOAUTH' })).error_code).toBe('SMTP_AUTH_FAILED');
    expect(classifySmtpError(smtpError({ code: 'ETLS' }))).toEqual({ status: 'permanent_failure', error_code: 'SMTP_TLS_FAILED' });
    expect(classifySmtpError('weird').status).toBe('transient_failure');
  });

  it('leaves the outcome unknown when a connection made was closed or reset during the session', () => {
    expect(classifySmtpError(smtpError({ code: 'ECONNECTION', command: 'CONN' }))).toEqual({
      status: 'transient_failure',
      error_code: 'SMTP_CONNECTION_LOST',
    });
    expect(classifySmtpError(smtpError({ code: 'ESOCKET', originalCode: 'ECONNRESET' })).error_code).toBe('SMTP_CONNECTION_LOST');
  });
});
