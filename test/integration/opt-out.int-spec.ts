import { randomUUID } from 'node:crypto';
import { Channel } from '@followup/contracts';
import { EventPublisher, PublishFailedError } from '@followup/messaging';
import { bounceSignature } from '../../apps/delivery/src/webhooks/email-bounce';
import { providerSignature } from '../../apps/delivery/src/webhooks/provider-signature';
import { DEVELOPMENT_UNSUBSCRIBE_SECRET } from '../../apps/delivery/src/unsubscribe/unsubscribe-secret';
import { signUnsubscribeToken } from '../../apps/delivery/src/unsubscribe/unsubscribe-token';
import { SuppressedChannelsView } from '../../apps/recommender/src/suppression/suppressed-channels.view';
import { FakeSmsProvider } from '../support/fake-sms-provider';
import { leadRecord, SPEC_EXAMPLE_REQUEST } from '../support/fixtures';
import { approveForDelivery, finalAttempts as attemptsOf } from '../support/delivery-approvals';
import { call } from '../support/http';
import { SmtpTestServer } from '../support/smtp-test-server';
import { eventually, TestStack } from '../support/stack';

const TENANT = 'acme';
/** The API's public URL as the provider and the emails know it; the test reaches the same gateway on its local port. */
const PUBLIC_BASE_URL = 'https://followup.example.test';
const INBOUND_PATH = '/api/v1/webhooks/sms/inbound';
const STATUS_PATH = '/api/v1/webhooks/sms/status';
const BOUNCE_PATH = '/api/v1/webhooks/email/bounce';
const BOUNCE_KEY = 'bounce-signing-key-of-the-test';
const smtp = new SmtpTestServer();
const sms = new FakeSmsProvider();
/** The backup SMS provider (SMS_FALLBACK_*): an account of its own, its own token and number. */
const backupSms = new FakeSmsProvider({ accountSid: 'AC-backup-account', authToken: 'backup-token', from: '+15005550007' });
let stack: TestStack;
let crm: string;

beforeAll(async () => {
  await Promise.all([smtp.start(), sms.start(), backupSms.start()]);
  stack = new TestStack({
    delivery: {
      ...smtp.settings(),
      ...sms.settings(),
      ...backupSms.fallbackSettings(),
      PUBLIC_BASE_URL,
      SMS_INBOUND_NUMBERS: `${TENANT}=${sms.from},${TENANT}=${backupSms.from}`,
      EMAIL_WEBHOOK_SIGNING_KEY: BOUNCE_KEY,
      DELIVERY_RETRY_BASE_DELAY_MS: 50,
    },
  });
  await stack.start(['delivery', 'recommender']);
  await stack.startService('gateway', { DELIVERY_URL: stack.serviceUrl('delivery') });
  crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
});

afterAll(async () => {
  await stack?.close();
  await Promise.all([smtp.stop(), sms.stop(), backupSms.stop()]);
});

beforeEach(() => {
  smtp.reset();
  sms.reset();
  backupSms.reset();
});

async function upsertLead(leadId: string, contacts: { email?: string; phone?: string }) {
  const response = await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${leadId}`, { token: crm, body: leadRecord({ contacts }) });
  expect([200, 201]).toContain(response.status);
  await eventually(async () => {
    const contact = await stack.database('delivery').collection('contacts').findOne({ tenant: TENANT, lead_id: leadId });
    return contact && contact.version === response.body.version ? contact : undefined;
  });
}

const approve = (leadId: string, ranking: Channel[]) => approveForDelivery(stack, TENANT, leadId, ranking);
const finalAttempts = (recommendationId: string) => attemptsOf(stack, recommendationId);

/**
 * A text from `from` to the number of `provider` (the main one unless given), forwarded through the gateway as that
 * provider does, signed with its token; `signature` as in sendInbound.
 */
function text(from: string, body: string, messageSid = `SM${randomUUID().replace(/-/g, '')}`, signature?: string | null, provider = sms) {
  return provider.sendInbound(
    `${stack.gatewayUrl}${INBOUND_PATH}`,
    `${PUBLIC_BASE_URL}${INBOUND_PATH}`,
    { MessageSid: messageSid, From: from, To: provider.from, Body: body, AccountSid: provider.accountSid },
    signature,
  );
}

async function suppressions(query: string) {
  const response = await call(stack.gatewayUrl, 'GET', `/api/v1/suppressions?${query}`, { token: crm });
  expect(response.status).toBe(200);
  return response.body as { items: Record<string, unknown>[]; total: number };
}

describe('SMS opt-out by the signed inbound webhook', () => {
  it('STOP opts the number out: the lead record shows it, the recommender ranks SMS no more, an approval sends no SMS and the email instead', async () => {
    await upsertLead('LD-OPT-1', { phone: '+14155550101', email: 'opt1@example.com' });
    const recommend = () =>
      call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', {
        token: crm,
        body: { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-OPT-1' },
      });
    // the lead replied by SMS: before the opt-out the recommender ranks SMS first
    expect((await recommend()).body.recommended_channel).toBe('sms');

    const answer = await text('+14155550101', ' stop ');
    expect(answer).toEqual({
      status: 200,
      contentType: 'text/xml; charset=utf-8',
      body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
    });
    const listed = await suppressions('channel=sms&address=%2B14155550101');
    expect(listed.total).toBe(1);
    expect(listed.items[0]).toMatchObject({
      channel: 'sms',
      address: '+14155550101',
      active: true,
      source: 'sms_keyword',
      reason: 'texted STOP',
    });

    const lead = await eventually(async () => {
      const response = await call(stack.gatewayUrl, 'GET', '/api/v1/leads/LD-OPT-1', { token: crm });
      return response.body.suppressions?.length === 1 ? response.body : undefined;
    });
    expect(lead.suppressions).toEqual([
      { channel: 'sms', reason: 'texted STOP', source: 'sms_keyword', since: listed.items[0].created_at },
    ]);

    // the recommender's own view of the list, which a recommendation reads: SMS is out of the ranking
    await eventually(async () =>
      (await stack.app('recommender').get(SuppressedChannelsView).channelsOf(TENANT, 'LD-OPT-1')).includes('sms') ? true : undefined,
    );
    expect((await recommend()).body.recommended_channel).toBe('email');

    const recommendationId = await approve('LD-OPT-1', ['sms', 'email']);
    expect(await finalAttempts(recommendationId)).toEqual([
      { channel: 'sms', status: 'failed', error_code: 'SUPPRESSED' },
      { channel: 'email', status: 'delivered' },
    ]);
    expect(sms.messages).toHaveLength(0);
    expect(smtp.messages.map((message) => message.to)).toEqual([['opt1@example.com']]);
  });

  it('opts out a number the gateway took for a lead that libphonenumber does not know as valid (+1 555 555 01xx)', async () => {
    await upsertLead('LD-OPT-8', { phone: '+15555550108', email: 'opt8@example.com' });
    expect((await text('+15555550108', 'STOP')).status).toBe(200);
    expect((await suppressions('channel=sms&address=%2B15555550108')).items[0]).toMatchObject({ address: '+15555550108', active: true });

    const recommendationId = await approve('LD-OPT-8', ['sms', 'email']);
    expect(await finalAttempts(recommendationId)).toEqual([
      { channel: 'sms', status: 'failed', error_code: 'SUPPRESSED' },
      { channel: 'email', status: 'delivered' },
    ]);
    expect(sms.messages).toHaveLength(0);
  });

  it("the backup provider's reports are read: its status of a text it sent, and a STOP to its number opts the sender out", async () => {
    await upsertLead('LD-OPT-9', { phone: '+14155550109', email: 'opt9@example.com' });
    // the main provider failing, the approved text goes out through the backup, from the backup's number
    sms.failNextRequests(1, 503);
    const sent = await approve('LD-OPT-9', ['sms', 'email']);
    expect(await finalAttempts(sent)).toEqual([{ channel: 'sms', status: 'delivered' }]);
    expect(backupSms.messages.map((message) => [message.from, message.to])).toEqual([[backupSms.from, '+14155550109']]);
    const attempt = await stack.database('delivery').collection('delivery_attempts').findOne({ recommendation_id: sent, channel: 'sms' });

    // the backup reports the text undelivered, signed with its own token: the delivery moves on to the email
    expect((await statusCallback(attempt!.provider_message_id, 'undelivered', undefined, backupSms, '+14155550109')).status).toBe(204);
    expect(await finalAttempts(sent)).toEqual([
      { channel: 'sms', status: 'failed', error_code: 'SMS_UNDELIVERED' },
      { channel: 'email', status: 'delivered' },
    ]);

    // the lead answers STOP to the number that texted them: the backup posts it, and the number is opted out
    expect((await text('+14155550109', 'STOP', undefined, undefined, backupSms)).status).toBe(200);
    // (an opted-out number gets no text, whichever provider would send it: the first test of this block)
    expect((await suppressions('channel=sms&address=%2B14155550109')).items[0]).toMatchObject({
      address: '+14155550109',
      active: true,
      source: 'sms_keyword',
    });
    expect(sms.messages).toHaveLength(0);
  });

  it('START or YES ends an opt-out that came by SMS, not one the CRM recorded, before or after the text', async () => {
    const recorded = await call(stack.gatewayUrl, 'POST', '/api/v1/suppressions', {
      token: crm,
      body: { channel: 'sms', address: '+14155550110', reason: 'asked by phone not to be texted' },
    });
    expect(recorded.status).toBe(201);
    expect((await text('+14155550110', 'Yes')).status).toBe(200);
    expect((await text('+14155550110', 'START')).status).toBe(200);
    expect((await suppressions('channel=sms&address=%2B14155550110')).items[0]).toMatchObject({ active: true, source: 'api' });

    // texted first, then recorded by the CRM as well: the CRM's record takes the entry over, and a text no longer ends it
    expect((await text('+14155550113', 'STOP')).status).toBe(200);
    const recordedOver = await call(stack.gatewayUrl, 'POST', '/api/v1/suppressions', {
      token: crm,
      body: { channel: 'sms', address: '+14155550113', reason: 'asked by phone not to be texted' },
    });
    expect(recordedOver.body).toMatchObject({ active: true, source: 'api', reason: 'asked by phone not to be texted' });
    expect((await text('+14155550113', 'START')).status).toBe(200);
    expect((await suppressions('channel=sms&address=%2B14155550113')).items[0]).toMatchObject({ active: true, source: 'api' });

    expect((await text('+14155550111', 'STOP')).status).toBe(200);
    expect((await text('+14155550111', 'Yes')).status).toBe(200);
    expect((await suppressions('channel=sms&address=%2B14155550111')).items[0]).toMatchObject({ active: false, source: 'sms_keyword' });
  });

  it('refuses unsigned and wrongly signed calls with 403, and nothing changes', async () => {
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    const unsigned = await text('+14155550102', 'STOP', sid, null);
    expect(unsigned.status).toBe(403);
    expect(JSON.parse(unsigned.body)).toEqual({
      error: { code: 'FORBIDDEN', message: 'The request signature is missing or invalid.', details: { reason: 'missing_signature' } },
    });
    const forged = await text('+14155550102', 'STOP', sid, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error.details).toEqual({ reason: 'invalid_signature' });
    // the provider's real signature, but over another URL (the gateway's own address) or of another text
    const form = { MessageSid: sid, From: '+14155550102', To: sms.from, Body: 'STOP', AccountSid: sms.accountSid };
    const otherUrl = await sms.sendInbound(`${stack.gatewayUrl}${INBOUND_PATH}`, `${stack.gatewayUrl}${INBOUND_PATH}`, form);
    expect(otherUrl.status).toBe(403);
    const signedStart = providerSignature(sms.authToken, `${PUBLIC_BASE_URL}${INBOUND_PATH}`, { ...form, Body: 'START' });
    expect((await text('+14155550102', 'STOP', sid, signedStart)).status).toBe(403);
    expect((await suppressions('address=%2B14155550102')).total).toBe(0);
    expect(await stack.database('delivery').collection('inbound_sms').countDocuments({ message_sid: sid })).toBe(0);
  });

  it('a replayed STOP after START changes nothing: the number stays opted in', async () => {
    const stopSid = `SM${randomUUID().replace(/-/g, '')}`;
    expect((await text('+14155550103', 'STOP', stopSid)).status).toBe(200);
    expect((await text('+14155550103', 'Start')).status).toBe(200);
    const released = (await suppressions('address=%2B14155550103')).items[0];
    expect(released).toMatchObject({ active: false, source: 'sms_keyword' });
    expect(released.released_at).not.toBeNull();

    expect((await text('+14155550103', 'STOP', stopSid)).status).toBe(200);
    expect((await suppressions('address=%2B14155550103')).items).toEqual([released]);
    expect(await stack.database('delivery').collection('inbound_sms').countDocuments({ message_sid: stopSid })).toBe(1);
  });
});

describe("the provider's own opt-out (Twilio 21610)", () => {
  it('a refusal for an unsubscribed recipient opts the number out and falls back to email, without retrying SMS', async () => {
    await upsertLead('LD-OPT-7', { phone: '+14155550107', email: 'opt7@example.com' });
    sms.refuseAsUnsubscribed('+14155550107');
    expect(await finalAttempts(await approve('LD-OPT-7', ['sms', 'email']))).toEqual([
      { channel: 'sms', status: 'failed', error_code: 'SMS_RECIPIENT_OPTED_OUT' },
      { channel: 'email', status: 'delivered' },
    ]);
    expect(sms.requests).toBe(1);
    const listed = await suppressions('channel=sms&address=%2B14155550107');
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ active: true, source: 'provider_code' });
  });
});

describe('email one-click unsubscribe', () => {
  it('every email carries the signed link; POSTing it opts the address out, twice is the same; the next approval sends no email', async () => {
    await upsertLead('LD-OPT-4', { email: 'opt4@example.com', phone: '+14155550104' });
    expect(await finalAttempts(await approve('LD-OPT-4', ['email']))).toEqual([{ channel: 'email', status: 'delivered' }]);
    const headers = smtp.messages[0].raw.replace(/\r?\n[ \t]+/g, ' ');
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    const link = /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(headers)![1];
    expect(link.startsWith(`${PUBLIC_BASE_URL}/api/v1/unsubscribe/email?token=u2.`)).toBe(true);
    expect(link).not.toContain('opt4');
    expect(Buffer.from(new URL(link).searchParams.get('token')!.split('.')[1], 'base64url').toString()).not.toContain('opt4');

    const path = link.slice(PUBLIC_BASE_URL.length);
    const oneClick = { body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    expect(await call(stack.gatewayUrl, 'POST', path, oneClick)).toMatchObject({ status: 200, body: { unsubscribed: true } });
    expect(await call(stack.gatewayUrl, 'POST', path, oneClick)).toMatchObject({ status: 200, body: { unsubscribed: true } });
    const listed = await suppressions('channel=email&address=opt4%40example.com');
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ address: 'opt4@example.com', active: true, source: 'one_click' });

    // the next approval to that address (another lead of the CRM's with the same email: no frequency cap between them)
    await upsertLead('LD-OPT-4B', { email: 'OPT4@example.com', phone: '+14155550114' });
    smtp.reset();
    expect(await finalAttempts(await approve('LD-OPT-4B', ['email']))).toEqual([
      { channel: 'email', status: 'failed', error_code: 'SUPPRESSED' },
    ]);
    expect(smtp.messages).toHaveLength(0);
  });

  it("a link opts out the address its email went to, not the lead's address at the click (changed since)", async () => {
    await upsertLead('LD-OPT-12', { email: 'opt12.old@example.com', phone: '+14155550112' });
    expect(await finalAttempts(await approve('LD-OPT-12', ['email']))).toEqual([{ channel: 'email', status: 'delivered' }]);
    const link = /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(smtp.messages[0].raw.replace(/\r?\n[ \t]+/g, ' '))![1];
    await upsertLead('LD-OPT-12', { email: 'opt12.new@example.com', phone: '+14155550112' });
    const oneClick = { body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    expect((await call(stack.gatewayUrl, 'POST', link.slice(PUBLIC_BASE_URL.length), oneClick)).status).toBe(200);
    expect((await suppressions('channel=email&address=opt12.old%40example.com')).items[0]).toMatchObject({
      active: true,
      source: 'one_click',
    });
    expect((await suppressions('channel=email&address=opt12.new%40example.com')).total).toBe(0);
  });

  it('refuses a forged or an expired token with 403, and opts nobody out', async () => {
    await upsertLead('LD-OPT-5', { email: 'opt5@example.com', phone: '+14155550105' });
    const oneClick = { body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    const expired = signUnsubscribeToken(
      { tenant: TENANT, lead_id: 'LD-OPT-5', expires_at: Math.floor(Date.now() / 1000) - 60 },
      DEVELOPMENT_UNSUBSCRIBE_SECRET,
    );
    const forged = signUnsubscribeToken(
      { tenant: TENANT, lead_id: 'LD-OPT-5', expires_at: 4_000_000_000 },
      'an-attacker-secret-0123456789abcdef012',
    );
    for (const [token, reason] of [
      [expired, 'expired'],
      [forged, 'invalid_signature'],
      ['u1.e30.AAAA', 'invalid_signature'],
    ]) {
      const refused = await call(stack.gatewayUrl, 'POST', `/api/v1/unsubscribe/email?token=${token}`, oneClick);
      expect({ token, status: refused.status, body: refused.body }).toEqual({
        token,
        status: 403,
        body: { error: { code: 'FORBIDDEN', message: 'The unsubscribe link is invalid or has expired.', details: { reason } } },
      });
    }
    expect((await suppressions('address=opt5%40example.com')).total).toBe(0);
  });
});

describe('the suppression list over the API', () => {
  it('a CRM adds an entry (normalised, idempotent); a sales rep may not; an address that is none is a 400', async () => {
    const added = await call(stack.gatewayUrl, 'POST', '/api/v1/suppressions', {
      token: crm,
      body: { channel: 'email', address: ' Opt6@Example.COM ', reason: 'asked by phone' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      channel: 'email',
      address: 'opt6@example.com',
      active: true,
      reason: 'asked by phone',
      source: 'api',
      released_at: null,
    });
    const again = await call(stack.gatewayUrl, 'POST', '/api/v1/suppressions', {
      token: crm,
      body: { channel: 'email', address: 'opt6@example.com' },
    });
    expect(again.body).toEqual(added.body);

    const rep = stack.token({ sub: 'rep-17', tenant: TENANT, roles: ['sales_rep'] });
    const refused = await call(stack.gatewayUrl, 'POST', '/api/v1/suppressions', {
      token: rep,
      body: { channel: 'email', address: 'x@example.com' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const invalid = await call(stack.gatewayUrl, 'POST', '/api/v1/suppressions', {
      token: crm,
      body: { channel: 'sms', address: '555-0199' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: { invalid_fields: ['address'] } });

    const otherTenant = stack.token({ sub: 'crm-2', tenant: 'globex', roles: ['crm'] });
    expect((await call(stack.gatewayUrl, 'GET', '/api/v1/suppressions', { token: otherTenant })).body.total).toBe(0);
  });
});

/** The provider's status callback for a message we sent, through the gateway; `signature` as in sendInbound. */
function statusCallback(messageSid: string, status: string, signature?: string | null, provider = sms, to = '+14155550161') {
  return provider.sendInbound(
    `${stack.gatewayUrl}${STATUS_PATH}`,
    `${PUBLIC_BASE_URL}${STATUS_PATH}`,
    { MessageSid: messageSid, MessageStatus: status, ErrorCode: '30003', To: to, AccountSid: provider.accountSid },
    signature,
  );
}

describe('SMS status callbacks', () => {
  const attempts = () => stack.database('delivery').collection('delivery_attempts');

  /** A lead reachable by SMS and email whose approval went out by SMS: the recommendation and the SMS's MessageSid. */
  async function deliveredBySms(leadId: string, phone: string, email: string) {
    await upsertLead(leadId, { phone, email });
    const recommendationId = await approve(leadId, ['sms', 'email']);
    expect(await finalAttempts(recommendationId)).toEqual([{ channel: 'sms', status: 'delivered' }]);
    const sent = await attempts().findOne({ recommendation_id: recommendationId, channel: 'sms' });
    return { recommendationId, messageSid: sent!.provider_message_id as string };
  }

  it('a message recorded delivered and then reported failed falls back to the email, once; an unsigned callback changes nothing', async () => {
    const { recommendationId, messageSid } = await deliveredBySms('LD-STATUS-1', '+14155550161', 'status1@example.com');
    expect(messageSid).toMatch(/^SM[0-9a-f]{32}$/);

    const unsigned = await statusCallback(messageSid, 'failed', null);
    expect(unsigned.status).toBe(403);
    expect(JSON.parse(unsigned.body).error.code).toBe('FORBIDDEN');
    const forged = await statusCallback(messageSid, 'failed', 'bm90IHRoZSBzaWduYXR1cmU=');
    expect(forged.status).toBe(403);
    expect(await attempts().findOne({ recommendation_id: recommendationId, channel: 'sms' })).toMatchObject({ status: 'delivered' });
    expect(smtp.messages).toHaveLength(0);

    expect((await statusCallback(messageSid, 'sent')).status).toBe(204);
    expect(await attempts().findOne({ recommendation_id: recommendationId, channel: 'sms' })).toMatchObject({
      status: 'delivered',
      provider_delivery_status: 'sent',
    });

    expect((await statusCallback(messageSid, 'failed')).status).toBe(204);
    expect(await finalAttempts(recommendationId)).toEqual([
      { channel: 'sms', status: 'failed', error_code: 'SMS_FAILED' },
      { channel: 'email', status: 'delivered' },
    ]);
    expect(await attempts().findOne({ recommendation_id: recommendationId, channel: 'sms' })).toMatchObject({
      provider_delivery_status: 'failed',
      failure: 'permanent',
    });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].to).toEqual(['status1@example.com']);

    const owner = stack.token({ sub: 'rep-17', tenant: TENANT, roles: ['sales_rep'] });
    const notice = await eventually(async () => {
      const response = await call(stack.gatewayUrl, 'GET', '/api/v1/notifications', { token: owner });
      return response.body.items.find((n: any) => n.recommendation_id === recommendationId);
    });
    expect(notice).toMatchObject({ kind: 'delivery_fallback', recipient_role: 'sales_rep', lead_id: 'LD-STATUS-1' });

    // the same callback again: nothing more is sent or recorded
    expect((await statusCallback(messageSid, 'failed')).status).toBe(204);
    expect(await finalAttempts(recommendationId)).toEqual([
      { channel: 'sms', status: 'failed', error_code: 'SMS_FAILED' },
      { channel: 'email', status: 'delivered' },
    ]);
    expect(smtp.messages).toHaveLength(1);
    expect(sms.messages).toHaveLength(1);
  });

  it("a failure report whose fallback could not start (the broker refused its events) is answered 503, and the provider's retry sends the email", async () => {
    const { recommendationId, messageSid } = await deliveredBySms('LD-STATUS-2', '+14155550162', 'status2@example.com');

    const publisher = stack.app('delivery').get(EventPublisher);
    const refused = jest
      .spyOn(publisher, 'publishAll')
      .mockRejectedValueOnce(new PublishFailedError('followup.delivery.attempted.v1', new Error('broker away')));
    try {
      const first = await statusCallback(messageSid, 'failed', undefined, sms, '+14155550162');
      expect(first.status).toBe(503);
    } finally {
      refused.mockRestore();
    }
    expect(await attempts().findOne({ recommendation_id: recommendationId, channel: 'sms' })).toMatchObject({
      status: 'failed',
      error_code: 'SMS_FAILED',
    });
    expect(smtp.messages).toHaveLength(0);

    expect((await statusCallback(messageSid, 'failed', undefined, sms, '+14155550162')).status).toBe(204);
    expect(await finalAttempts(recommendationId)).toEqual([
      { channel: 'sms', status: 'failed', error_code: 'SMS_FAILED' },
      { channel: 'email', status: 'delivered' },
    ]);
    expect(smtp.messages.map((message) => message.to)).toEqual([['status2@example.com']]);
    expect(sms.messages).toHaveLength(1);
  });

  it("the same failure report again while the fallback's email is being sent leaves that send alone", async () => {
    const { recommendationId, messageSid } = await deliveredBySms('LD-STATUS-3', '+14155550163', 'status3@example.com');

    smtp.delayAcceptance(2000); // the relay answers the fallback's email 2 s after taking it
    const first = statusCallback(messageSid, 'failed', undefined, sms, '+14155550163');
    await eventually(async () =>
      (await attempts().findOne({ recommendation_id: recommendationId, channel: 'email' })) ? true : undefined,
    );
    const repeated = await statusCallback(messageSid, 'failed', undefined, sms, '+14155550163');
    expect([repeated.status, (await first).status]).toEqual([204, 204]);
    expect(await finalAttempts(recommendationId)).toEqual([
      { channel: 'sms', status: 'failed', error_code: 'SMS_FAILED' },
      { channel: 'email', status: 'delivered' },
    ]);
    expect(smtp.messages.map((message) => message.to)).toEqual([['status3@example.com']]);
  });

  /** Delivery's publishes of a run's events held up `ms` each; `mockRestore()` ends it. */
  const slowPublishes = (ms: number) => {
    const publisher = stack.app('delivery').get(EventPublisher);
    const publishAll = publisher.publishAll.bind(publisher);
    return jest.spyOn(publisher, 'publishAll').mockImplementation(async (messages) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return publishAll(messages);
    });
  };

  it("a failure report that overtakes the attempt's record of the provider's answer still falls back to the email", async () => {
    await upsertLead('LD-STATUS-4', { phone: '+14155550164', email: 'status4@example.com' });
    // the run's events take 300 ms to publish, and the attempt records the provider's answer only after them
    const slowed = slowPublishes(300);
    try {
      const sent = sms.messages.length;
      const recommendationId = await approve('LD-STATUS-4', ['sms', 'email']);
      const message = await eventually(async () => sms.messages[sent]);
      // the provider reports the failure as soon as it accepted the message, before the attempt names its MessageSid
      expect((await statusCallback(message.sid, 'undelivered', undefined, sms, '+14155550164')).status).toBe(204);
      expect(await finalAttempts(recommendationId)).toEqual([
        { channel: 'sms', status: 'failed', error_code: 'SMS_UNDELIVERED' },
        { channel: 'email', status: 'delivered' },
      ]);
      expect(smtp.messages.map((sentEmail) => sentEmail.to)).toContainEqual(['status4@example.com']);
    } finally {
      slowed.mockRestore();
    }
  });

  it('a failure report that overtakes a record held up longer than its wait is kept, and falls back once the record is there', async () => {
    await upsertLead('LD-STATUS-5', { phone: '+14155550165', email: 'status5@example.com' });
    // the run's events take 2.5 s to publish (the broker in trouble), longer than a report waits for the record
    const slowed = slowPublishes(2500);
    try {
      const sent = sms.messages.length;
      const recommendationId = await approve('LD-STATUS-5', ['sms', 'email']);
      const message = await eventually(async () => sms.messages[sent]);
      // answered once, as the provider posts it: no retry of the provider's is needed
      expect((await statusCallback(message.sid, 'undelivered', undefined, sms, '+14155550165')).status).toBe(204);
      const kept = await stack.database('delivery').collection('scheduled_jobs').findOne({ kind: 'delivery.provider-report' });
      expect(kept?.payload).toMatchObject({ provider_message_id: message.sid, failure_code: 'SMS_UNDELIVERED' });
      await eventually(async () => (smtp.messages.some((sentEmail) => sentEmail.to.includes('status5@example.com')) ? true : undefined));
      expect(await finalAttempts(recommendationId)).toEqual([
        { channel: 'sms', status: 'failed', error_code: 'SMS_UNDELIVERED' },
        { channel: 'email', status: 'delivered' },
      ]);
      expect(smtp.messages.filter((sentEmail) => sentEmail.to.includes('status5@example.com'))).toHaveLength(1);
    } finally {
      slowed.mockRestore();
    }
  });

  it('a callback for a message no attempt sent, or with an unknown status, is answered without changing anything', async () => {
    expect((await statusCallback('SM00000000000000000000000000000000', 'failed')).status).toBe(204);
    const unknownStatus = await statusCallback('SM00000000000000000000000000000000', 'read');
    expect(unknownStatus.status).toBe(400);
    expect(JSON.parse(unknownStatus.body).error).toMatchObject({ code: 'INVALID_REQUEST', details: { invalid_fields: ['MessageStatus'] } });
    expect(smtp.messages).toHaveLength(0);
  });
});

/** What a bounce report's signature covers. */
type SignedPart = { timestamp: string; token: string; signature: string };

/**
 * The email provider's bounce webhook for a message we sent, through the gateway, signed as Mailgun signs; `signed`:
 * the signed part of an earlier post, as someone who captured it replays it.
 */
async function bounce(messageId: string, severity: string, options: { key?: string; ageSeconds?: number; signed?: SignedPart } = {}) {
  const timestamp = String(Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0));
  const token = randomUUID();
  const signed = options.signed ?? { timestamp, token, signature: bounceSignature(options.key ?? BOUNCE_KEY, timestamp, token) };
  const form = { ...signed, message_id: messageId, severity };
  const response = await fetch(`${stack.gatewayUrl}${BOUNCE_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: await response.text(), signed };
}

describe('email bounces', () => {
  it('a hard bounce of an email recorded delivered falls back to the next channel, once; forged, stale and soft bounces change nothing', async () => {
    await upsertLead('LD-BOUNCE-1', { phone: '+14155550162', email: 'bounce1@example.com' });
    const recommendationId = await approve('LD-BOUNCE-1', ['email', 'sms']);
    expect(await finalAttempts(recommendationId)).toEqual([{ channel: 'email', status: 'delivered' }]);
    const attempts = stack.database('delivery').collection('delivery_attempts');
    const sent = await attempts.findOne({ recommendation_id: recommendationId, channel: 'email' });
    const messageId = (sent!.provider_message_id as string).replace(/^<|>$/g, '');

    const forged = await bounce(messageId, 'permanent', { key: 'not-the-key' });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'invalid_signature' } });
    const stale = await bounce(messageId, 'permanent', { ageSeconds: 301 });
    expect(stale.status).toBe(403);
    expect(JSON.parse(stale.body).error.details).toEqual({ reason: 'stale_timestamp' });
    expect((await bounce(messageId, 'temporary')).status).toBe(204);
    expect(await attempts.findOne({ recommendation_id: recommendationId, channel: 'email' })).toMatchObject({
      status: 'delivered',
      provider_delivery_status: 'bounced_temporary',
    });
    expect(sms.messages).toHaveLength(0);

    expect((await bounce(messageId, 'permanent')).status).toBe(204);
    expect(await finalAttempts(recommendationId)).toEqual([
      { channel: 'email', status: 'failed', error_code: 'EMAIL_BOUNCED' },
      { channel: 'sms', status: 'delivered' },
    ]);
    expect(sms.messages).toHaveLength(1);
    expect(sms.messages[0].to).toBe('+14155550162');

    expect((await bounce(messageId, 'permanent')).status).toBe(204);
    expect(sms.messages).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
  });

  it("a captured signed report replayed with another message id or severity is refused; the provider's own retry is taken", async () => {
    await upsertLead('LD-BOUNCE-2', { phone: '+14155550163', email: 'bounce2@example.com' });
    const recommendationId = await approve('LD-BOUNCE-2', ['email', 'sms']);
    expect(await finalAttempts(recommendationId)).toEqual([{ channel: 'email', status: 'delivered' }]);
    const sent = await stack
      .database('delivery')
      .collection('delivery_attempts')
      .findOne({ recommendation_id: recommendationId, channel: 'email' });
    const messageId = (sent!.provider_message_id as string).replace(/^<|>$/g, '');

    const genuine = await bounce('some-other-message@example.com', 'temporary');
    expect(genuine.status).toBe(204);
    for (const [replayedId, severity] of [
      [messageId, 'permanent'],
      ['some-other-message@example.com', 'permanent'],
    ]) {
      const replayed = await bounce(replayedId, severity, { signed: genuine.signed });
      expect(replayed.status).toBe(403);
      expect(JSON.parse(replayed.body).error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'replayed_token' } });
    }
    expect(await finalAttempts(recommendationId)).toEqual([{ channel: 'email', status: 'delivered' }]);
    expect(sms.messages).toHaveLength(0);
    expect((await bounce('some-other-message@example.com', 'temporary', { signed: genuine.signed })).status).toBe(204);
  });
});
