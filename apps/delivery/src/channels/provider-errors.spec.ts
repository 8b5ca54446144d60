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
  /** fetch's error as Node 20 (undici 6) throws it, with the cause of the shape printed for each case by `node -e`. */
  const fetchFailed = (cause: object) => Object.assign(new TypeError('fetch failed'), { cause });
  const systemError = (code: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, ...fields });

  it('treats our timeout as an unknown outcome and a provider never reached as unreachable', () => {
    expect(classifySmsNetworkError(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toEqual({
      status: 'transient_failure',
      error_code: 'SMS_PROVIDER_TIMEOUT',
    });
    const unreachable = [
      systemError('ECONNREFUSED', { syscall: 'connect' }),
      systemError('ENOTFOUND', { syscall: 'getaddrinfo' }),
      systemError('UND_ERR_CONNECT_TIMEOUT'),
      // every address of a dual-stack name failed: Node's AggregateError carries the first code, each error its call
      Object.assign(
        new AggregateError([systemError('ETIMEDOUT', { syscall: 'connect' }), systemError('ECONNREFUSED', { syscall: 'connect' })]),
        {
          code: 'ETIMEDOUT',
        },
      ),
      // the TLS handshake failed: the request is written after it
      systemError('ERR_SSL_WRONG_VERSION_NUMBER'),
      systemError('DEPTH_ZERO_SELF_SIGNED_CERT'),
      systemError('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'),
      systemError('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'),
      systemError('ECONNRESET', { message: 'Client network socket disconnected before secure TLS connection was established' }),
    ];
    expect(unreachable.map((cause) => classifySmsNetworkError(fetchFailed(cause)).error_code)).toEqual(
      unreachable.map(() => 'SMS_PROVIDER_UNREACHABLE'),
    );
  });

  it('leaves the outcome unknown when the connection was lost once the request could be written', () => {
    expect(classifySmsNetworkError(fetchFailed(systemError('UND_ERR_SOCKET', { message: 'other side closed' })))).toEqual({
      status: 'transient_failure',
      error_code: 'SMS_CONNECTION_LOST',
    });
    expect(classifySmsNetworkError(fetchFailed(systemError('ECONNRESET', { syscall: 'read' }))).error_code).toBe('SMS_CONNECTION_LOST');
    // a TLS error of the stream, not of the handshake
    expect(classifySmsNetworkError(fetchFailed(systemError('ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC'))).error_code).toBe(
      'SMS_CONNECTION_LOST',
    );
    expect(
      classifySmsNetworkError(fetchFailed(new AggregateError([systemError('ECONNREFUSED', { syscall: 'connect' }), systemError('EPIPE')])))
        .error_code,
    ).toBe('SMS_CONNECTION_LOST');
    expect(classifySmsNetworkError(new TypeError('fetch failed')).error_code).toBe('SMS_CONNECTION_LOST');
  });
});

describe('classifySmtpError', () => {
  const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error('smtp'), fields);

  it('follows the SMTP reply code: 4xx transient, 5xx permanent', () => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 450 }), true)).toMatchObject({
      status: 'transient_failure',
      provider_status: 450,
    });
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 550 }), true)).toEqual({
      status: 'permanent_failure',
      error_code: 'SMTP_REJECTED',
      provider_status: 550,
    });
  });

  it('treats a connection problem before the transaction began as an unreachable relay', () => {
    const problems = [
      smtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }),
      smtpError({ code: 'ECONNECTION', command: 'CONN' }), // closed before the greeting
      smtpError({ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      smtpError({ code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT' }),
      smtpError({ code: 'EDNS', originalCode: 'ENOTFOUND' }),
    ];
    expect(problems.map((error) => classifySmtpError(error, false))).toEqual(
      problems.map(() => ({ status: 'transient_failure', error_code: 'SMTP_UNREACHABLE' })),
    );
  });

  it('leaves the outcome unknown when the connection was lost or timed out once the transaction began', () => {
    expect(classifySmtpError(smtpError({ code: 'ECONNECTION', command: 'CONN' }), true)).toEqual({
      status: 'transient_failure',
      error_code: 'SMTP_CONNECTION_LOST',
    });
    expect(classifySmtpError(smtpError({ code: 'ESOCKET', originalCode: 'ECONNRESET' }), true).error_code).toBe('SMTP_CONNECTION_LOST');
    expect(classifySmtpError(smtpError({ code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' }), true).error_code).toBe('SMTP_TIMEOUT');
  });

  it('does not retry authentication or configuration problems', () => {
    expect(classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 535 }), false).status).toBe('permanent_failure');
    expect(classifySmtpError(smtpError({ code: 'ENOAUTH' }), false).error_code).toBe('SMTP_AUTH_FAILED');
    expect(classifySmtpError(smtpError({ code: 'ETLS' }), false)).toEqual({ status: 'permanent_failure', error_code: 'SMTP_TLS_FAILED' });
    expect(classifySmtpError('weird', true).status).toBe('transient_failure');
  });
});
