import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LeadDirectoryView } from '../../apps/compliance/src/lead-directory/lead-directory.view';
import { createComplianceApp } from '../../apps/compliance/src/create-compliance-app';
import { SuppressedChannelsView } from '../../apps/recommender/src/suppression/suppressed-channels.view';
import { ErasureRequestedEvent, LeadUpsertedEvent, SuppressionChangedEvent, Topics } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { eventually, TestStack } from '../support/stack';

/**
 * The in-memory views fed by events (EventFedView): compliance's lead directory and the recommender's suppressed
 * channels, over the real broker and database. A view that answers a lead the collection does not hold (never
 * written, or deleted behind its back here) answers from memory, not from its fallback query.
 */
const stack = new TestStack();
const TENANT = 'acme';
const context = { request_id: 'views-test', tenant: TENANT, actor: { kind: 'service' as const, id: 'gateway' } };
const nothing = { words: [], emails: [], phones: [] };
let versions = 0;

async function upsertLead(leadId: string, firstName: string): Promise<void> {
  const event = createEvent(LeadUpsertedEvent, 'gateway', context, {
    lead_id: leadId,
    first_name: firstName,
    last_name: 'Tester',
    owner_rep_id: 'rep-1',
    contacts: { email: `${leadId.toLowerCase()}@example.com` },
    consent: { sms: true, email: true, phone_call: false },
    version: (versions += 1),
    updated_at: new Date().toISOString(),
  });
  await stack.produceRaw(Topics.LeadUpserted, JSON.stringify(event), leadId);
}

const directoryOf = (app: INestApplication) => app.get(LeadDirectoryView);
const entries = () => stack.database('compliance').collection('lead_directory');

/** The first name the view holds for the lead, once it holds it. */
const heldName = (app: INestApplication, leadId: string) =>
  eventually(async () => (await directoryOf(app).findRecipientAndOthers(TENANT, leadId, nothing)).recipient?.first_name);

afterAll(() => stack.close());

it('holds a lead upserted while compliance was down, from the topic, before its durable group wrote it', async () => {
  await stack.startService('compliance');
  await upsertLead('LD-7001', 'Ada');
  await stack.consumedUpToNow(stack.consumerGroup('compliance'), [Topics.LeadUpserted]);
  await stack.stopService('compliance');
  await upsertLead('LD-7002', 'Grace');

  // only the view runs (app.init, no Kafka server): the durable group stays behind LD-7002 and never stores it
  const viewOnly = await createComplianceApp();
  try {
    await viewOnly.init();
    await directoryOf(viewOnly).ready;
    expect(await heldName(viewOnly, 'LD-7002')).toBe('Grace');
    expect(await heldName(viewOnly, 'LD-7001')).toBe('Ada'); // loaded from the collection
    expect(await entries().countDocuments({ lead_id: 'LD-7002' })).toBe(0);
    // a draft naming both finds the other one, the recipient's name is the recipient's
    const found = await directoryOf(viewOnly).findRecipientAndOthers(TENANT, 'LD-7001', { ...nothing, words: ['hi', 'ada', 'grace'] });
    expect(found.recipient?.lead_id).toBe('LD-7001');
    expect(found.others.map((person) => person.lead_id)).toEqual(['LD-7002']);

    // once the shutdown begins the view stops following its events, and answers from the collection (which lacks LD-7002)
    directoryOf(viewOnly).beforeApplicationShutdown();
    expect((await directoryOf(viewOnly).findRecipientAndOthers(TENANT, 'LD-7002', nothing)).recipient).toBeUndefined();
    expect((await directoryOf(viewOnly).findRecipientAndOthers(TENANT, 'LD-7001', nothing)).recipient?.first_name).toBe('Ada');
  } finally {
    await viewOnly.close();
  }
});

describe('two compliance instances in one durable group', () => {
  let second: INestApplication;
  const leads = ['LD-7101', 'LD-7102', 'LD-7103', 'LD-7104', 'LD-7105', 'LD-7106'];

  beforeAll(async () => {
    await stack.startService('compliance');
    second = await stack.startExtraInstance('compliance');
    await Promise.all([stack.app('compliance'), second].map((app) => directoryOf(app).ready));
  });

  it("each instance's view holds every upsert, whichever instance's durable group consumed it", async () => {
    for (const [n, leadId] of leads.entries()) await upsertLead(leadId, `Name${'abcdef'[n]}`);
    await stack.consumedUpToNow(stack.consumerGroup('compliance'), [Topics.LeadUpserted]);
    expect(await entries().countDocuments({ lead_id: { $in: leads } })).toBe(leads.length);
    await entries().deleteMany({ lead_id: { $in: leads } });
    for (const app of [stack.app('compliance'), second]) {
      for (const [n, leadId] of leads.entries()) expect(await heldName(app, leadId)).toBe(`Name${'abcdef'[n]}`);
    }
  });

  it('an erased lead leaves every view', async () => {
    const erasure = createEvent(ErasureRequestedEvent, 'admin', context, {
      erasure_id: randomUUID(),
      lead_id: 'LD-7101',
      services: ['compliance'],
      requested_at: new Date().toISOString(),
    });
    await stack.produceRaw(Topics.ErasureRequested, JSON.stringify(erasure), 'LD-7101');
    for (const app of [stack.app('compliance'), second]) {
      await eventually(async () =>
        (await directoryOf(app).findRecipientAndOthers(TENANT, 'LD-7101', nothing)).recipient ? undefined : true,
      );
      expect(
        await directoryOf(app).findOthers(TENANT, 'LD-7102', { words: ['namea'], emails: ['ld-7101@example.com'], phones: [] }),
      ).toEqual([]);
      expect(await heldName(app, 'LD-7102')).toBe('Nameb');
    }
  });
});

it("the recommender's view holds the channels a lead opted out of, and lets go of a released one", async () => {
  await stack.startService('recommender');
  const view = stack.app('recommender').get(SuppressedChannelsView);
  await view.ready;
  const change = (kind: 'suppressed' | 'released', minute: number, channel: 'sms' | 'email' = 'sms') =>
    createEvent(
      SuppressionChangedEvent,
      'delivery',
      { ...context, actor: { kind: 'service', id: 'delivery' } },
      {
        suppression_id: channel === 'sms' ? '3f0b6c1e-2f47-4c1b-9a52-2b1f1f0e7a01' : '3f0b6c1e-2f47-4c1b-9a52-2b1f1f0e7a02',
        change: kind,
        channel,
        lead_ids: ['LD-7201'],
        reason: 'STOP reply',
        source: 'sms_keyword',
        changed_at: `2026-12-02T10:0${minute}:00.000Z`,
      },
    );
  await stack.produceRaw(Topics.SuppressionChanged, JSON.stringify(change('suppressed', 1)), 'LD-7201');
  await stack.consumedUpToNow(stack.consumerGroup('recommender'), [Topics.SuppressionChanged]);
  await stack.database('recommender').collection('suppressed_channels').deleteMany({ lead_id: 'LD-7201' });
  await eventually(async () => ((await view.channelsOf(TENANT, 'LD-7201')).length ? true : undefined));
  expect(await view.channelsOf(TENANT, 'LD-7201')).toEqual(['sms']);

  await stack.produceRaw(Topics.SuppressionChanged, JSON.stringify(change('released', 2)), 'LD-7201');
  await stack.produceRaw(Topics.SuppressionChanged, JSON.stringify(change('suppressed', 1)), 'LD-7201'); // late and older
  // same key, same partition: once the email suppression shows, the two before it were applied
  await stack.produceRaw(Topics.SuppressionChanged, JSON.stringify(change('suppressed', 3, 'email')), 'LD-7201');
  await eventually(async () => ((await view.channelsOf(TENANT, 'LD-7201')).includes('email') ? true : undefined));
  expect(await view.channelsOf(TENANT, 'LD-7201')).toEqual(['email']);
});
