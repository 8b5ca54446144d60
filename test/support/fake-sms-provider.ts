import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { providerSignature } from '../../apps/delivery/src/webhooks/provider-signature';

export interface RecordedSms {
  account_sid: string;
  to: string;
  from: string;
  body: string;
  idempotency_key?: string;
  authorization_ok: boolean;
  /** The MessageSid the provider answered with (also when it dropped the connection instead). */
  sid: string;
}

/**
 * A Twilio-style SMS API of the project's own, on a real local port: `POST /Accounts/{sid}/Messages.json`
 * with a form body and basic auth. It records what it accepted and can fail on demand: the next N
 * requests with a status, every request with a status, or hang longer than the client's timeout.
 */
export class FakeSmsProvider {
  readonly accountSid: string;
  readonly authToken: string;
  readonly from: string;
  readonly messages: RecordedSms[] = [];
  /** Every request received, accepted or not. */
  requests = 0;
  /** Requests received and not yet answered: sends under way. */
  inFlight = 0;
  private server?: Server;
  private failNext: { count: number; status: number } = { count: 0, status: 503 };
  private failAlways?: number;
  private hangMs?: number;
  private dropsAfterAccepting = false;
  /** Numbers that texted STOP to the provider itself: it refuses to text them, as Twilio does (error 21610). */
  private readonly unsubscribed = new Set<string>();

  /** `account`: another account's credentials and number, as the backup provider has (SMS_FALLBACK_*). */
  constructor(account: { accountSid?: string; authToken?: string; from?: string } = {}) {
    this.accountSid = account.accountSid ?? 'AC-test-account';
    this.authToken = account.authToken ?? 'test-token';
    this.from = account.from ?? '+15005550006';
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.inFlight += 1;
      // A client killed mid-request (the chaos run SIGKILLs the delivery service) aborts it: not this server's failure.
      void this.handle(request, response)
        .catch(() => undefined)
        .finally(() => (this.inFlight -= 1));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/2010-04-01`;
  }

  /** The settings the delivery service needs to use this provider. */
  settings(): Record<string, unknown> {
    return { SMS_PROVIDER_URL: this.url, SMS_ACCOUNT_SID: this.accountSid, SMS_AUTH_TOKEN: this.authToken, SMS_FROM: this.from };
  }

  /** The settings the delivery service needs to use this provider as its backup. */
  fallbackSettings(): Record<string, unknown> {
    return {
      SMS_FALLBACK_API_URL: this.url,
      SMS_FALLBACK_ACCOUNT_SID: this.accountSid,
      SMS_FALLBACK_AUTH_TOKEN: this.authToken,
      SMS_FALLBACK_FROM: this.from,
    };
  }

  failNextRequests(count: number, status = 503): void {
    this.failNext = { count, status };
  }

  failEveryRequest(status: number | undefined): void {
    this.failAlways = status;
  }

  refuseAsUnsubscribed(number: string): void {
    this.unsubscribed.add(number);
  }

  hangEveryRequest(ms: number | undefined): void {
    this.hangMs = ms;
  }

  /** Accepts (records) each message and then closes the connection without answering, as a link failing then does. */
  dropAfterAccepting(drops: boolean): void {
    this.dropsAfterAccepting = drops;
  }

  /**
   * A lead's text (or a status callback), forwarded as the provider does: the form POSTed to `targetUrl`, signed (X-Twilio-Signature) with
   * this provider's auth token over `signedUrl`, the webhook's public URL as configured at the provider. `signature`
   * replaces the computed one (null: no header at all), for tests of forged and unsigned calls.
   */
  async sendInbound(
    targetUrl: string,
    signedUrl: string,
    form: Record<string, string>,
    signature?: string | null,
  ): Promise<{ status: number; contentType: string | null; body: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const header = signature === undefined ? providerSignature(this.authToken, signedUrl, form) : signature;
    if (header !== null) headers['x-twilio-signature'] = header;
    const response = await fetch(targetUrl, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
  }

  reset(): void {
    this.messages.length = 0;
    this.requests = 0;
    this.failNext = { count: 0, status: 503 };
    this.failAlways = undefined;
    this.hangMs = undefined;
    this.dropsAfterAccepting = false;
    this.unsubscribed.clear();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    this.requests += 1;
    const reply = (status: number, body: Record<string, unknown>) => {
      if (response.destroyed) return;
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (this.hangMs) await new Promise((resolve) => setTimeout(resolve, this.hangMs));
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return reply(404, { code: 20404, message: 'not found' });
    if (this.failAlways) return reply(this.failAlways, { code: 21211, message: 'failing on demand' });
    if (this.failNext.count > 0) {
      this.failNext.count -= 1;
      return reply(this.failNext.status, { code: 20500, message: 'failing on demand' });
    }
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    const authorizationOk = request.headers.authorization === expected;
    if (!authorizationOk) return reply(401, { code: 20003, message: 'authenticate' });
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const to = form.get('To');
    const body = form.get('Body');
    if (!to || !body || !form.get('From')) return reply(400, { code: 21604, message: 'missing parameter' });
    if (this.unsubscribed.has(to)) return reply(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 });
    const header = request.headers['idempotency-key'];
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    this.messages.push({
      account_sid: decodeURIComponent(match[1]),
      to,
      from: form.get('From')!,
      body,
      idempotency_key: typeof header === 'string' ? header : undefined,
      authorization_ok: authorizationOk,
      sid,
    });
    if (this.dropsAfterAccepting) return void request.socket.destroy();
    reply(201, { sid, status: 'queued', to });
  }
}
