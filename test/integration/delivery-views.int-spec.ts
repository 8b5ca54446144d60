import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { Channel, ERASURE_REQUESTER, ErasureRequestedEvent, Topics } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { ContactRecord } from '../../apps/delivery/src/contact-directory/contact.schema';
import { ContactView } from '../../apps/delivery/src/contact-directory/contact-view';
import { SuppressionView } from '../../apps/delivery/src/suppression/suppression-view';
import { mongoUrlWithMonitoring } from '../support/command-counter';
import { approveForDelivery, finalAttempts } from '../support/delivery-approvals';
import { FakeSmsProvider } from '../support/fake-sms-provider';
import { leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { SmtpTestServer } from '../support/smtp-test-server';
import { eventually, TestStack } from '../support/stack';

/**
 * Delivery's in-memory views (ContactView, SuppressionView) with two delivery instances over the real broker and
 * database. Instance A takes the CRM's calls (the gateway forwards to it) and is then stopped, so B sends everything;
 * B's look-ups of a lead's contact entry and of an address's suppression are watched on its database connection, and
 * must never happen: B answers them from memory.
 */
const TENANT = 'acme';
const smtp = new SmtpTestServer();
const sms = new FakeSmsProvider();
let stack: TestStack;
let b: INestApplication;
let crm: string;
/** What B asked the database while it delivered: its contact look-ups (by lead) and its suppression checks (by address). */
const asked = { contacts: [] as string[], suppressions: [] as string[] };
let delivering = false;
/** B's suppression checks by address at any time, delivering or not. */
let suppressionReads = 0;

beforeAll(async () => {
  await Promise.all([smtp.start(), sms.start()]);
  stack = new TestStack({ delivery: { ...smtp.settings(), ...sms.settings(), DELIVERY_RETRY_BASE_DELAY_MS: 50 } });
  await stack.start(['delivery']);
  await stack.startService('gateway', { DELIVERY_URL: stack.serviceUrl('delivery') });
  b = await stack.startExtraInstance('delivery', { MONGO_URL: mongoUrlWithMonitoring(stack.environment.MONGO_URL) });
  b.get<Connection>(getConnectionToken())
    .getClient()
    .on('commandStarted', ({ commandName, command }) => {
      if (commandName === 'find' && command.find === 'suppressions' && command.filter?.address) suppressionReads += 1;
      if (!delivering || commandName !== 'find') return;
      if (command.find === 'contacts' && command.filter?.lead_id) asked.contacts.push(command.filter.lead_id);
      if (command.find === 'suppressions' && command.filter?.address) asked.suppressions.push(command.filter.address);
    });
  for (const app of [stack.app('delivery'), b]) await Promise.all([app.get(ContactView).ready, app.get(SuppressionView).ready]);
  crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
});

afterAll(async () => {
  await stack?.close();
  await Promise.all([smtp.stop(), sms.stop()]);
});

async function upsertLead(leadId: string, contacts: { email?: string; phone?: string }): Promise<number> {
  const response = await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${leadId}`, { token: crm, body: leadRecord({ contacts }) });
  expect([200, 201]).toContain(response.status);
  return response.body.version as number;
}

/** B's view of the lead's contact entry, once it satisfies `probe`. */
function heldByB(leadId: string, probe: (contact: ContactRecord) => boolean) {
  return eventually(async () => {
    const contact = await b.get(ContactView).findOne(TENANT, leadId);
    return contact && probe(contact) ? contact : undefined;
  });
}

/**
 * Waits until B's erasure group has handled every erasure so far. Its handler reads the contacts collection by lead
 * too (the entry, to find the addresses whose opt-out reasons it blanks), in its first pass and again in its second,
 * SECOND_ERASURE_PASS_AFTER_MS later: B's view shows the erasure long before that group is done with it, and those
 * reads must not be taken for a send's.
 */
function erasuresHandledByB() {
  return stack.consumedUpToNow(stack.consumerGroupFor('delivery', Topics.ErasureRequested), [Topics.ErasureRequested]);
}

/** Delivers an approval as delivery receives it (compliance's clear pre-delivery verdict) and answers its attempts. */
async function deliver(leadId: string, ranking: Channel[]) {
  delivering = true;
  try {
    return await finalAttempts(stack, await approveForDelivery(stack, TENANT, leadId, ranking));
  } finally {
    delivering = false;
  }
}

it('an opt-out recorded on A stops the send on B; a changed contact is sent to; an erased contact is gone', async () => {
  await upsertLead('LD-VIEW-1', { phone: '+14155550181', email: 'view1@example.com' });
  await upsertLead('LD-VIEW-2', { phone: '+14155550182', email: 'old2@example.com' });
  await upsertLead('LD-VIEW-3', { phone: '+14155550183', email: 'view3@example.com' });
  await heldByB('LD-VIEW-1', (contact) => contact.contacts.phone === '+14155550181');

  // the CRM opts the number out through the gateway, which forwards to A
  const added = await call(stack.gatewayUrl, 'POST', '/api/v1/suppressions', {
    token: crm,
    body: { channel: 'sms', address: '+1 415 555 0181' },
  });
  expect(added.status).toBe(201);
  // B has the opt-out in memory: it answers the check without asking the database
  await eventually(async () => {
    const reads = suppressionReads;
    const active = await b.get(SuppressionView).isActive({ tenant: TENANT, channel: 'sms', address: '+14155550181' });
    return active && suppressionReads === reads ? true : undefined;
  });
  await stack.stopService('delivery');

  expect(await deliver('LD-VIEW-1', ['sms', 'email'])).toEqual([
    { channel: 'sms', status: 'failed', error_code: 'SUPPRESSED' },
    { channel: 'email', status: 'delivered' },
  ]);
  expect(sms.messages).toEqual([]);
  expect(smtp.messages.map((mail) => mail.to)).toEqual([['view1@example.com']]);

  // a new version of the lead, with another email address, reaches B's view from lead.upserted
  const version = await upsertLead('LD-VIEW-2', { phone: '+14155550182', email: 'new2@example.com' });
  expect(version).toBe(2);
  await heldByB('LD-VIEW-2', (contact) => contact.contacts.email === 'new2@example.com');
  expect(await deliver('LD-VIEW-2', ['email'])).toEqual([{ channel: 'email', status: 'delivered' }]);
  expect(smtp.messages.map((mail) => mail.to)).toEqual([['view1@example.com'], ['new2@example.com']]);

  // an erasure leaves the entry without a name or an address in B's view, as in the collection
  const erasure = createEvent(
    ErasureRequestedEvent,
    ERASURE_REQUESTER,
    { request_id: 'views-erasure', tenant: TENANT, actor: { kind: 'user', id: 'audit-erase', role: 'admin' } },
    { erasure_id: randomUUID(), lead_id: 'LD-VIEW-3', services: ['delivery'], requested_at: new Date().toISOString() },
  );
  await stack.produceRaw(Topics.ErasureRequested, JSON.stringify(erasure), 'LD-VIEW-3');
  const erased = await heldByB('LD-VIEW-3', (contact) => contact.first_name === '[erased]');
  expect(erased.contacts).toEqual({});
  await erasuresHandledByB();
  expect(await deliver('LD-VIEW-3', ['sms', 'email'])).toEqual([
    { channel: 'sms', status: 'skipped', error_code: 'NO_CONTACT_DETAIL' },
    { channel: 'email', status: 'skipped', error_code: 'NO_CONTACT_DETAIL' },
  ]);
  expect(sms.messages).toEqual([]);
  expect(smtp.messages).toHaveLength(2);

  // B answered every look-up of its sends from memory
  expect(asked).toEqual({ contacts: [], suppressions: [] });
});
