import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { validateEnvironment } from '@followup/config';
import { OutboundMessage } from '../../apps/delivery/src/channels/channel-adapter';
import { EmailAdapter } from '../../apps/delivery/src/channels/email.adapter';
import { SmsAdapter } from '../../apps/delivery/src/channels/sms.adapter';
import { UnsubscribeLinks } from '../../apps/delivery/src/unsubscribe/unsubscribe-links';
import { FakeSmsProvider } from '../support/fake-sms-provider';
import { SmtpTestServer } from '../support/smtp-test-server';

/** The channel adapters on their own, against the project's local SMS provider and a real SMTP server. */
const sms = new FakeSmsProvider();
const smtp = new SmtpTestServer();

const message: OutboundMessage = {
  tenant: 'acme',
  recommendation_id: '0b8a4c2e-5d61-4f0a-9a43-1f2e3d4c5b6a',
  lead_id: 'LD-A1',
  owner_rep_id: 'rep-17',
  idempotency_key: '0b8a4c2e-5d61-4f0a-9a43-1f2e3d4c5b6a:1',
  request_id: 'req-1',
  to: '+14155550123',
  first_name: 'Sarah',
  body: 'Hi Sarah, following up.',
};

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(() => Promise.all([sms.start(), smtp.start()]));
afterAll(() => Promise.all([sms.stop(), smtp.stop()]));
beforeEach(() => {
  sms.reset();
  smtp.reset();
});

describe('SmsAdapter (Twilio-style API)', () => {
  const adapter = (overrides: Record<string, unknown> = {}) =>
    new SmsAdapter(validateEnvironment({ ...sms.settings(), SMS_TIMEOUT_MS: 300, ...overrides }));

  it('posts To, From and Body form-encoded with basic auth and the idempotency key', async () => {
    const result = await adapter().send(message);
    expect(result).toEqual({ status: 'delivered', provider_message_id: expect.stringMatching(/^SM/) });
    expect(sms.messages).toEqual([
      {
        account_sid: sms.accountSid,
        to: '+14155550123',
        from: sms.from,
        body: 'Hi Sarah, following up.',
        idempotency_key: message.idempotency_key,
        authorization_ok: true,
        sid: (result as { provider_message_id: string }).provider_message_id,
      },
    ]);
  });

  it('classifies 5xx and 429 as transient, 400 and 401 as permanent', async () => {
    sms.failNextRequests(1, 503);
    expect(await adapter().send(message)).toEqual({
      status: 'transient_failure',
      error_code: 'SMS_PROVIDER_UNAVAILABLE',
      provider_status: 503,
    });
    sms.failNextRequests(1, 429);
    expect(await adapter().send(message)).toMatchObject({ status: 'transient_failure', error_code: 'SMS_RATE_LIMITED' });
    sms.failEveryRequest(400);
    expect(await adapter().send(message)).toEqual({ status: 'permanent_failure', error_code: 'SMS_REJECTED', provider_status: 400 });
    sms.failEveryRequest(undefined);
    expect(await adapter({ SMS_AUTH_TOKEN: 'wrong' }).send(message)).toMatchObject({
      status: 'permanent_failure',
      error_code: 'SMS_PROVIDER_AUTH_FAILED',
    });
    expect(sms.messages).toHaveLength(0);
  });

  it('classifies a provider slower than the timeout, or not there at all, as transient', async () => {
    sms.hangEveryRequest(1500);
    expect(await adapter().send(message)).toEqual({ status: 'transient_failure', error_code: 'SMS_PROVIDER_TIMEOUT' });
    sms.hangEveryRequest(undefined);
    const port = await closedPort();
    expect(await adapter({ SMS_PROVIDER_URL: `http://127.0.0.1:${port}/2010-04-01` }).send(message)).toEqual({
      status: 'transient_failure',
      error_code: 'SMS_PROVIDER_UNREACHABLE',
    });
  });

  it('fails permanently when SMS is not configured', async () => {
    expect(await new SmsAdapter(validateEnvironment({})).send(message)).toEqual({
      status: 'permanent_failure',
      error_code: 'CHANNEL_NOT_CONFIGURED',
    });
  });
});

describe('EmailAdapter (SMTP)', () => {
  const UNSUBSCRIBE_SETTINGS = {
    PUBLIC_BASE_URL: 'https://api.example.test',
    UNSUBSCRIBE_TOKEN_SECRET: 'adapter-test-unsubscribe-secret-0123456789',
  };
  const email = { ...message, to: 'sarah.lee@example.com' };
  const adapters: EmailAdapter[] = [];
  const adapter = (overrides: Record<string, unknown> = {}) => {
    const environment = validateEnvironment({ ...smtp.settings(), ...UNSUBSCRIBE_SETTINGS, ...overrides });
    const created = new EmailAdapter(environment, new UnsubscribeLinks(environment));
    adapters.push(created);
    return created;
  };
  afterAll(() => adapters.forEach((created) => created.onModuleDestroy()));

  it('delivers to the SMTP server with the configured sender and a Message-ID from the idempotency key', async () => {
    const result = await adapter({ EMAIL_SUBJECT: 'Your follow-up' }).send(email);
    expect(result).toMatchObject({ status: 'delivered' });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ from: 'followup@example.test', to: ['sarah.lee@example.com'] });
    expect(smtp.messages[0].raw).toContain('Subject: Your follow-up');
    expect(smtp.messages[0].raw).toContain('Hi Sarah, following up.');
    expect(smtp.messages[0].raw).toMatch(/Message-ID: <0b8a4c2e-5d61-4f0a-9a43-1f2e3d4c5b6a\.1@example\.test>/i);
    const unfolded = smtp.messages[0].raw.replace(/\r?\n[ \t]+/g, ' ');
    expect(unfolded).toMatch(
      /^List-Unsubscribe: <https:\/\/api\.example\.test\/api\/v1\/unsubscribe\/email\?token=u2\.[\w-]+\.[\w-]+>\r?$/m,
    );
    expect(unfolded).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
  });

  it('classifies 5xx as permanent, 4xx and connection failures as transient', async () => {
    smtp.rejectRecipients(550);
    expect(await adapter().send(email)).toEqual({ status: 'permanent_failure', error_code: 'SMTP_REJECTED', provider_status: 550 });
    smtp.rejectRecipients(450);
    expect(await adapter().send(email)).toEqual({
      status: 'transient_failure',
      error_code: 'SMTP_TEMPORARILY_REJECTED',
      provider_status: 450,
    });
    const port = await closedPort();
    expect(await adapter({ SMTP_PORT: port }).send(email)).toMatchObject({ status: 'transient_failure', error_code: 'SMTP_UNREACHABLE' });
    expect(smtp.messages).toHaveLength(0);
  });

  it('fails permanently when SMTP is not configured', async () => {
    const environment = validateEnvironment(UNSUBSCRIBE_SETTINGS);
    expect(await new EmailAdapter(environment, new UnsubscribeLinks(environment)).send(email)).toEqual({
      status: 'permanent_failure',
      error_code: 'CHANNEL_NOT_CONFIGURED',
    });
  });
});

describe('Provider fallback within a channel (SMS_FALLBACK_*, SMTP_FALLBACK_*)', () => {
  const fallbackSms = new FakeSmsProvider({ accountSid: 'AC-backup-account', authToken: 'backup-token', from: '+15005550007' });
  const fallbackSmtp = new SmtpTestServer();
  const destroyable: Array<{ onModuleDestroy(): void }> = [];
  beforeAll(() => Promise.all([fallbackSms.start(), fallbackSmtp.start()]));
  afterAll(async () => {
    destroyable.forEach((created) => created.onModuleDestroy());
    await Promise.all([fallbackSms.stop(), fallbackSmtp.stop()]);
  });
  beforeEach(() => {
    fallbackSms.reset();
    fallbackSmtp.reset();
  });

  const smsWithFallback = (primaryUrl: string) => {
    const created = new SmsAdapter(
      validateEnvironment({
        ...sms.settings(),
        SMS_PROVIDER_URL: primaryUrl,
        SMS_TIMEOUT_MS: 300,
        ...fallbackSms.fallbackSettings(),
      }),
    );
    destroyable.push(created);
    return created;
  };

  const emailWithFallback = (primaryPort: number) => {
    const environment = validateEnvironment({
      ...smtp.settings(),
      SMTP_PORT: primaryPort,
      SMTP_FALLBACK_HOST: '127.0.0.1',
      SMTP_FALLBACK_PORT: fallbackSmtp.port,
      PUBLIC_BASE_URL: 'https://api.example.test',
      UNSUBSCRIBE_TOKEN_SECRET: 'adapter-test-unsubscribe-secret-0123456789',
    });
    const created = new EmailAdapter(environment, new UnsubscribeLinks(environment));
    destroyable.push(created);
    return created;
  };

  it('SMS: with both providers up, only the primary sends', async () => {
    expect(await smsWithFallback(sms.url).send(message)).toMatchObject({ status: 'delivered' });
    expect(sms.messages).toHaveLength(1);
    expect(fallbackSms.requests).toBe(0);
  });

  it('SMS: with the primary down, the fallback receives the message exactly once, with the same idempotency key', async () => {
    const port = await closedPort();
    expect(await smsWithFallback(`http://127.0.0.1:${port}/2010-04-01`).send(message)).toMatchObject({ status: 'delivered' });
    expect(fallbackSms.messages).toEqual([
      {
        account_sid: fallbackSms.accountSid,
        to: '+14155550123',
        from: fallbackSms.from,
        body: 'Hi Sarah, following up.',
        idempotency_key: '0b8a4c2e-5d61-4f0a-9a43-1f2e3d4c5b6a:1',
        authorization_ok: true,
        sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      },
    ]);
  });

  it('SMS: a primary answering 503 hands over; a primary slower than the timeout does not (the outcome is unknown)', async () => {
    sms.failNextRequests(1, 503);
    expect(await smsWithFallback(sms.url).send(message)).toMatchObject({ status: 'delivered' });
    expect(fallbackSms.messages).toHaveLength(1);
    fallbackSms.reset();
    sms.hangEveryRequest(1500);
    expect(await smsWithFallback(sms.url).send(message)).toEqual({ status: 'transient_failure', error_code: 'SMS_PROVIDER_TIMEOUT' });
    sms.hangEveryRequest(undefined);
    expect(fallbackSms.requests).toBe(0);
  });

  it('SMS: a primary whose connection drops after it took the message hands nothing over (the outcome is unknown)', async () => {
    sms.dropAfterAccepting(true);
    expect(await smsWithFallback(sms.url).send(message)).toEqual({ status: 'transient_failure', error_code: 'SMS_CONNECTION_LOST' });
    expect(sms.messages).toHaveLength(1);
    expect(fallbackSms.requests).toBe(0);
  });

  it('email: a primary relay whose connection drops after it took the message hands nothing over (the outcome is unknown)', async () => {
    smtp.dropAfterData(true);
    expect(await emailWithFallback(smtp.port).send({ ...message, to: 'sarah.lee@example.com' })).toEqual({
      status: 'transient_failure',
      error_code: 'SMTP_CONNECTION_LOST',
    });
    expect(smtp.messages).toHaveLength(1);
    expect(fallbackSmtp.messages).toHaveLength(0);
  });

  it('SMS: a primary whose TLS handshake fails hands the message over (nothing was sent)', async () => {
    // the primary's URL says https, but the stand-in speaks plain HTTP: the handshake fails before any request
    const tlsToPlain = sms.url.replace('http://', 'https://');
    expect(await smsWithFallback(tlsToPlain).send(message)).toMatchObject({ status: 'delivered' });
    expect(sms.requests).toBe(0);
    expect(fallbackSms.messages).toHaveLength(1);
  });

  it('email: a primary relay that closes each connection before its greeting hands the message over (nothing was sent)', async () => {
    const closing = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = closing.address() as AddressInfo;
      expect(await emailWithFallback(port).send({ ...message, to: 'sarah.lee@example.com' })).toMatchObject({ status: 'delivered' });
      expect(fallbackSmtp.messages).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    }
  });

  it('email: with the primary relay down, the fallback relay receives the message exactly once', async () => {
    const port = await closedPort();
    expect(await emailWithFallback(port).send({ ...message, to: 'sarah.lee@example.com' })).toMatchObject({ status: 'delivered' });
    expect(fallbackSmtp.messages).toHaveLength(1);
    expect(fallbackSmtp.messages[0]).toMatchObject({ to: ['sarah.lee@example.com'] });
    expect(fallbackSmtp.messages[0].raw).toMatch(/Message-ID: <0b8a4c2e-5d61-4f0a-9a43-1f2e3d4c5b6a\.1@example\.test>/i);
    expect(smtp.messages).toHaveLength(0);
  });
});
