import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Producer } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { Db, Filter, Document } from 'mongodb';
import {
  DraftScreenedEvent,
  ERASED_TEXT,
  LeadUpsertedEvent,
  RecommendationReviewedEvent,
  ServiceName,
  SERVICE_NAMES,
  TOPIC_CATALOG,
  Topics,
} from '@followup/contracts';
import { busTopic, createEvent, kafkaClientConfig } from '@followup/messaging';
import { requestErasure } from '../../apps/audit/src/erasure';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { adminKafka, eventually, eventuallyStored, TestStack } from '../support/stack';

/**
 * An erasure cannot be undone by work in flight when it runs (README, "Free text out of the chain, and erasure"),
 * attacked over the real sockets of the five services: a CRM writing the erased lead again, a lead version the
 * gateway published just before the erasure reaching compliance and delivery after it, a recommendation being
 * drafted and a rejection being re-analysed while the lead is erased. Every value a check looks for is given here
 * and nowhere else, so finding it in a database means the service stored it.
 */
const TENANT = 'acme';
const RECOMMEND = '/api/v1/ai/followup/recommendation';
const RECOMMENDATIONS = '/api/v1/ai/followup/recommendations';
/**
 * How long the fake LLM takes over a draft the erasure runs during: longer than the other services take to confirm,
 * shorter than a Kafka session (15 s), since the recommender's consumer is busy with the draft all that time.
 */
const DRAFT_DELAY_MS = 11_000;

const llm = new FakeOpenAiServer();
let stack: TestStack;
let crm: string;
let rep: string;
let gatewayProducer: Producer;
let complianceProducer: Producer;
let admin: Admin;

interface Person {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
}
/** What a database may not hold of a person: the names, the email and the phone's digits. */
const valuesOf = (person: Person) => [person.first_name, person.last_name, person.email, person.phone.slice(2)];
const leadOf = (person: Person) =>
  leadRecord({ first_name: person.first_name, last_name: person.last_name, contacts: { email: person.email, phone: person.phone } });

/** Scenario 1: erased, then written again by the CRM. */
const REWRITTEN = 'LD-EIF-REWRITTEN';
const REWRITTEN_BEFORE: Person = {
  first_name: 'Odalys',
  last_name: 'Brennick',
  email: 'odalys.brennick@example.net',
  phone: '+14155550131',
};
const REWRITTEN_AFTER: Person = {
  first_name: 'Perpetua',
  last_name: 'Vanterpool',
  email: 'perpetua.vanterpool@example.org',
  phone: '+14155550132',
};
/** Scenario 2: a version of a known lead in flight at its erasure, one of a lead never announced, and one of a lead not erased. */
const VERSIONED = 'LD-EIF-VERSIONED';
const VERSIONED_BEFORE: Person = {
  first_name: 'Casimir',
  last_name: 'Oyelaran',
  email: 'casimir.oyelaran@example.net',
  phone: '+14155550141',
};
const VERSIONED_IN_FLIGHT: Person = {
  first_name: 'Leocadia',
  last_name: 'Thornquist',
  email: 'leocadia.thornquist@example.org',
  phone: '+14155550144',
};
const NEVER_ANNOUNCED = 'LD-EIF-NEVER-ANNOUNCED';
const NEVER_ANNOUNCED_IN_FLIGHT: Person = {
  first_name: 'Evander',
  last_name: 'Szabolcsi',
  email: 'evander.szabolcsi@example.org',
  phone: '+14155550145',
};
const NOT_ERASED = 'LD-EIF-NOT-ERASED';
const NOT_ERASED_PERSON: Person = {
  first_name: 'Rosalind',
  last_name: 'Achterberg',
  email: 'rosalind.achterberg@example.org',
  phone: '+14155550146',
};
/** Scenario 3: erased while its recommendation is being drafted. */
const DRAFTING = 'LD-EIF-DRAFTING';
const DRAFTING_PERSON: Person = {
  first_name: 'Wilhelmina',
  last_name: 'Quarrington',
  email: 'wilhelmina.quarrington@example.net',
  phone: '+14155550157',
};
const DRAFTING_SUMMARY = 'Asked whether the Zanzibar warehouse pilot can start before the audit.';
const DRAFTING_ANSWER = {
  reasoning_summary: 'Keen on the marble orchard rollout mentioned on the call.',
  draft_message: 'Hi Wilhelmina, sharing the quartz lighthouse brochure as promised.',
};
/** Scenario 4: erased while a rejection of its recommendation is being re-analysed. */
const REANALYSED = 'LD-EIF-REANALYSED';
const REANALYSED_PERSON: Person = {
  first_name: 'Ingeborg',
  last_name: 'Tolliver',
  email: 'ingeborg.tolliver@example.net',
  phone: '+14155550168',
};
const REANALYSED_SUMMARY = 'Wants the Okavango fleet tracker demo next quarter.';
const FIRST_ANSWER = {
  reasoning_summary: 'Interested in the cobalt meadow bundle from the demo.',
  draft_message: 'Hi Ingeborg, a quick follow-up on the cobalt meadow bundle.',
};
const REJECTION_REASON = 'Wrong tone: she prefers the saffron harbor proposal, by email only.';
const REVISED_ANSWER = {
  reasoning_summary: 'Revised toward the velvet canyon offer after the objection.',
  draft_message: 'Hi Ingeborg, a short note on the velvet canyon offer.',
};

/** Scenario 5: approvals of a lead's recommendations reaching compliance (and delivery) after its erasure. */
const APPROVED = 'LD-EIF-APPROVED';
const APPROVED_PERSON: Person = {
  first_name: 'Thaddeus',
  last_name: 'Wexcombe',
  email: 'thaddeus.wexcombe@example.net',
  phone: '+14155550179',
};
/** Another lead of the tenant, whose email in a draft of APPROVED's is another person's data. */
const OTHER_LEAD = 'LD-EIF-APPROVED-OTHER';
const OTHER_PERSON: Person = {
  first_name: 'Marisol',
  last_name: 'Fenwickham',
  email: 'marisol.fenwickham@example.org',
  phone: '+14155550183',
};
/** Scenario 6: a case opened before the erasure, resolved by the compliance team after it. */
const ESCALATED = 'LD-EIF-ESCALATED';
const ESCALATED_PERSON: Person = {
  first_name: 'Leocadia',
  last_name: 'Pemberthy',
  email: 'leocadia.pemberthy@example.net',
  phone: '+14155550191',
};
const ESCALATED_DRAFT = 'Copying quill.archer@example.com on the ochre lantern terms.';
const RESOLUTION_NOTE = 'Discarded: the briar quay clause names a third party.';
/** Blocked before delivery while the lead stood (another lead's email): the escalation case would keep the text. */
const BLOCKED_DRAFT = `Please loop in ${OTHER_PERSON.email} on the tangerine observatory plan before Friday.`;
/** Cleared while the lead stood: delivery would keep the text with its first attempt. */
const CLEARED_DRAFT = 'Sharing the juniper causeway quote as discussed on the call.';
/** Cleared by compliance before the erasure, the verdict reaching delivery after it. */
const SCREENED_DRAFT = 'Attaching the amber funicular timeline we went through.';

/** Every document of every collection of a service's database (those `filter` matches), as one JSON text. */
async function everythingIn(db: Db, filter: Filter<Document> = {}): Promise<string> {
  const collections = await db.listCollections().toArray();
  const documents = await Promise.all(collections.map((collection) => db.collection(collection.name).find(filter).toArray()));
  return JSON.stringify(documents);
}

/** Which of `values` each of `services` still holds anywhere in its database (outside the documents of `exceptLead`). */
async function heldBy(
  services: readonly ServiceName[],
  values: readonly string[],
  exceptLead?: string,
): Promise<Partial<Record<ServiceName, string[]>>> {
  const held: Partial<Record<ServiceName, string[]>> = {};
  for (const service of services) {
    const text = await everythingIn(stack.database(service), exceptLead ? { lead_id: { $ne: exceptLead } } : {});
    held[service] = values.filter((value) => text.includes(value));
  }
  return held;
}
const nothingHeldBy = (services: readonly ServiceName[]) => Object.fromEntries(services.map((service) => [service, []]));

/** Requests the erasure as `npm run audit:erase` does and waits for all five confirmations. */
async function erase(leadId: string): Promise<void> {
  const confirmed: string[] = [];
  const result = await requestErasure({
    client: kafkaClientConfig(stack.environment, 'admin', `erasure-in-flight-${leadId}`),
    namespace: stack.environment,
    tenant: TENANT,
    leadId,
    timeoutMs: 60_000,
    onProgress: (line) => (line.includes(' confirmed (') ? confirmed.push(line.split(' ')[0]) : undefined),
  });
  expect(result).toMatchObject({ complete: true, missing: [] });
  expect(confirmed.sort()).toEqual(['audit', 'compliance', 'delivery', 'gateway', 'recommender']);
}

/** A `lead.upserted` as the gateway announces a CRM's write, sent with the gateway's own bus credentials. */
async function announceAsGateway(leadId: string, person: Person, version: number): Promise<void> {
  const event = createEvent(
    LeadUpsertedEvent,
    'gateway',
    { request_id: `in-flight-${leadId}-${version}`, tenant: TENANT, actor: { kind: 'user', id: 'crm-1', role: 'crm' } },
    {
      lead_id: leadId,
      first_name: person.first_name,
      last_name: person.last_name,
      account_tier: 'mid-market',
      owner_rep_id: 'rep-17',
      contacts: { email: person.email, phone: person.phone },
      consent: { sms: true, email: true, phone_call: true },
      version,
      updated_at: new Date().toISOString(),
    },
  );
  await gatewayProducer.send({
    topic: busTopic(stack.environment, Topics.LeadUpserted),
    messages: [{ key: leadId, value: JSON.stringify(event) }],
  });
}

/** The gateway's `recommendation.reviewed` approving a draft of `leadId`, sent with the gateway's own bus credentials. */
async function approveAsGateway(leadId: string, recommendationId: string, draftMessage: string): Promise<void> {
  const event = createEvent(
    RecommendationReviewedEvent,
    'gateway',
    { request_id: `in-flight-approval-${recommendationId}`, tenant: TENANT, actor: { kind: 'user', id: 'rep-17', role: 'sales_rep' } },
    {
      recommendation_id: recommendationId,
      lead_id: leadId,
      decision: 'approved',
      reviewer: { sub: 'rep-17', role: 'sales_rep' },
      draft_message: draftMessage,
      recommended_channel: 'email',
      channel_ranking: [
        { channel: 'email', response_probability: 0.6, consented: true },
        { channel: 'sms', response_probability: 0.3, consented: true },
      ],
      reviewed_at: new Date().toISOString(),
    },
  );
  await gatewayProducer.send({
    topic: busTopic(stack.environment, Topics.RecommendationReviewed),
    messages: [{ key: leadId, value: JSON.stringify(event) }],
  });
}

/** Compliance's clear pre-delivery verdict on a draft of `leadId`, sent with compliance's own bus credentials. */
async function clearAsCompliance(leadId: string, recommendationId: string, draftMessage: string): Promise<void> {
  const event = createEvent(
    DraftScreenedEvent,
    'compliance',
    { request_id: `in-flight-screened-${recommendationId}`, tenant: TENANT, actor: { kind: 'service', id: 'compliance' } },
    {
      recommendation_id: recommendationId,
      lead_id: leadId,
      stage: 'pre_delivery',
      verdict: 'clear',
      findings: [],
      draft_message: draftMessage,
      channel_ranking: [
        { channel: 'email', response_probability: 0.6, consented: true },
        { channel: 'sms', response_probability: 0.3, consented: true },
      ],
      screened_at: new Date().toISOString(),
    },
  );
  await complianceProducer.send({
    topic: busTopic(stack.environment, Topics.DraftScreened),
    messages: [{ key: leadId, value: JSON.stringify(event) }],
  });
}

/** Where every topic that has consumers ends now. */
async function topicEnds(): Promise<string> {
  const topics = TOPIC_CATALOG.filter((spec) => spec.consumers.length > 0).map((spec) => busTopic(stack.environment, spec.name));
  const ends = await Promise.all(topics.map(async (topic) => (await admin.fetchTopicOffsets(topic)).map(({ high }) => high)));
  return JSON.stringify(ends);
}

/**
 * The bus is quiet: every message published has been handled, including the ones handling published (a draft sets
 * off a screening, the screening a verdict, each an audit record), so whatever the in-flight work was going to
 * store is stored.
 */
async function settled(): Promise<void> {
  for (let pass = 0; pass < 8; pass += 1) {
    const before = await topicEnds();
    await stack.allConsumedUpToNow();
    if ((await topicEnds()) === before) return;
  }
  throw new Error('the bus kept moving after 8 passes');
}

async function createLead(leadId: string, person: Person): Promise<void> {
  expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${leadId}`, { token: crm, body: leadOf(person) })).status).toBe(201);
}

/** Compliance and delivery hold the lead (so their erasure has something of it to erase). */
async function knownToComplianceAndDelivery(leadId: string): Promise<void> {
  for (const [service, collection] of [
    ['compliance', 'lead_directory'],
    ['delivery', 'contacts'],
  ] as const) {
    await eventually(
      async () => (await stack.database(service).collection(collection).findOne({ tenant: TENANT, lead_id: leadId })) ?? undefined,
    );
  }
}

beforeAll(async () => {
  const baseUrl = await llm.start();
  stack = new TestStack({
    gateway: { RATE_LIMIT_MAX_REQUESTS: 100_000, RECOMMENDATION_REPLY_TIMEOUT_MS: 20_000 },
    recommender: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: baseUrl, OPENAI_TIMEOUT_MS: 30_000, OPENAI_MAX_RETRIES: 0 },
  });
  await stack.start();
  crm = stack.token({ sub: 'crm-1', tenant: TENANT, roles: ['crm'] });
  rep = stack.token({ sub: 'rep-17', tenant: TENANT, roles: ['sales_rep'] });
  gatewayProducer = new Kafka({
    ...kafkaClientConfig(stack.environment, 'gateway', 'erasure-in-flight-gateway'),
    logLevel: logLevel.NOTHING,
  }).producer({ allowAutoTopicCreation: false });
  await gatewayProducer.connect();
  complianceProducer = new Kafka({
    ...kafkaClientConfig(stack.environment, 'compliance', 'erasure-in-flight-compliance'),
    logLevel: logLevel.NOTHING,
  }).producer({ allowAutoTopicCreation: false });
  await complianceProducer.connect();
  admin = adminKafka('erasure-in-flight-ends').admin();
  await admin.connect();
}, 60_000);

afterAll(async () => {
  await gatewayProducer?.disconnect().catch(() => undefined);
  await complianceProducer?.disconnect().catch(() => undefined);
  await admin?.disconnect().catch(() => undefined);
  await stack?.close();
  await llm.stop();
});

describe('erased stays erased, and a lead version in flight does not bring it back', () => {
  beforeAll(async () => {
    await createLead(REWRITTEN, REWRITTEN_BEFORE);
    await createLead(VERSIONED, VERSIONED_BEFORE);
    await knownToComplianceAndDelivery(REWRITTEN);
    await knownToComplianceAndDelivery(VERSIONED);
    // three erasures side by side, as an admin erasing several leads runs them; NEVER_ANNOUNCED was never created
    await Promise.all([erase(REWRITTEN), erase(VERSIONED), erase(NEVER_ANNOUNCED)]);
  }, 120_000);

  it('answers 404 LEAD_NOT_FOUND to a read of the erased lead, for its owner and for the CRM', async () => {
    for (const token of [rep, crm]) {
      const read = await call(stack.gatewayUrl, 'GET', `/api/v1/leads/${REWRITTEN}`, { token });
      expect({ status: read.status, code: read.body?.error?.code }).toEqual({ status: 404, code: 'LEAD_NOT_FOUND' });
    }
  });

  it('answers 404 LEAD_NOT_FOUND to a recommendation request for the erased lead', async () => {
    const recommended = await call(stack.gatewayUrl, 'POST', RECOMMEND, {
      token: rep,
      body: { ...SPEC_EXAMPLE_REQUEST, lead_id: REWRITTEN },
    });
    expect({ status: recommended.status, code: recommended.body?.error?.code }).toEqual({ status: 404, code: 'LEAD_NOT_FOUND' });
  });

  it("refuses the CRM's write of the erased lead with 409 INVALID_STATE (reason erased) and stores none of it anywhere", async () => {
    const written = await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${REWRITTEN}`, { token: crm, body: leadOf(REWRITTEN_AFTER) });
    const leads = JSON.stringify(await stack.database('gateway').collection('leads').find().toArray());
    // nor announced: once every reader of lead versions has read them all, none of them holds it either
    for (const service of ['compliance', 'delivery', 'audit'] as const) {
      await stack.consumedUpToNow(stack.consumerGroupFor(service, Topics.LeadUpserted), [Topics.LeadUpserted], 60_000);
    }
    const services = ['gateway', 'compliance', 'delivery', 'audit'] as const;
    expect({
      status: written.status,
      code: written.body?.error?.code,
      details: written.body?.error?.details,
      in_gateway_leads: valuesOf(REWRITTEN_AFTER).filter((value) => leads.includes(value)),
      anywhere: await heldBy(services, valuesOf(REWRITTEN_AFTER)),
    }).toEqual({
      status: 409,
      code: 'INVALID_STATE',
      details: expect.objectContaining({ lead_id: REWRITTEN, reason: 'erased' }),
      in_gateway_leads: [],
      anywhere: nothingHeldBy(services),
    });
  });

  it('keeps out of compliance and delivery a lead version arriving after the erasure, of a lead they knew or never heard of', async () => {
    await announceAsGateway(VERSIONED, VERSIONED_IN_FLIGHT, 2);
    await announceAsGateway(NEVER_ANNOUNCED, NEVER_ANNOUNCED_IN_FLIGHT, 1);
    // the same announcement of a lead not erased is stored: the check below looks where these land
    await announceAsGateway(NOT_ERASED, NOT_ERASED_PERSON, 1);
    for (const service of ['compliance', 'delivery'] as const) {
      await stack.consumedUpToNow(stack.consumerGroupFor(service, Topics.LeadUpserted), [Topics.LeadUpserted], 60_000);
    }

    const services = ['compliance', 'delivery'] as const;
    const { first_name, email, phone } = NOT_ERASED_PERSON;
    expect({
      [NOT_ERASED]: await heldBy(services, valuesOf(NOT_ERASED_PERSON)),
      [VERSIONED]: await heldBy(services, valuesOf(VERSIONED_IN_FLIGHT)),
      [NEVER_ANNOUNCED]: await heldBy(services, valuesOf(NEVER_ANNOUNCED_IN_FLIGHT)),
    }).toEqual({
      [NOT_ERASED]: {
        compliance: expect.arrayContaining([first_name, email, phone.slice(2)]),
        delivery: expect.arrayContaining([first_name, email, phone.slice(2)]), // delivery keeps no last name
      },
      [VERSIONED]: nothingHeldBy(services),
      [NEVER_ANNOUNCED]: nothingHeldBy(services),
    });
  });
});

describe('work on the lead in flight at its erasure', () => {
  beforeEach(() => llm.reset());
  // a scripted answer left over means the test did not exercise what it scripted
  afterEach(() => expect(llm.unusedAnswers).toEqual([]));

  it('leaves nothing of a lead erased while its recommendation is being drafted, in any service', async () => {
    await createLead(DRAFTING, DRAFTING_PERSON);
    llm.answerNext({ kind: 'delay', ms: DRAFT_DELAY_MS, then: { kind: 'json', content: DRAFTING_ANSWER } });
    const recommending = call(stack.gatewayUrl, 'POST', RECOMMEND, {
      token: rep,
      body: { ...SPEC_EXAMPLE_REQUEST, lead_id: DRAFTING, recent_activity_summary: DRAFTING_SUMMARY },
    });
    // the recommender has asked the LLM: the draft is in progress
    await eventually(async () => (llm.requests.length === 1 ? true : undefined));
    expect(JSON.parse(llm.requests[0].messages[1].content).first_name).toBe(DRAFTING_PERSON.first_name);
    await erase(DRAFTING);
    await recommending;
    await settled();

    const values = [...valuesOf(DRAFTING_PERSON), 'Zanzibar warehouse', 'marble orchard', 'quartz lighthouse'];
    expect(await heldBy(SERVICE_NAMES, values)).toEqual(nothingHeldBy(SERVICE_NAMES));
  });

  it('leaves nothing of a lead erased while a rejection of its recommendation is being re-analysed, in any service', async () => {
    await createLead(REANALYSED, REANALYSED_PERSON);
    llm.answerNext(
      { kind: 'json', content: FIRST_ANSWER },
      { kind: 'delay', ms: DRAFT_DELAY_MS, then: { kind: 'json', content: REVISED_ANSWER } },
    );
    const recommended = await call(stack.gatewayUrl, 'POST', RECOMMEND, {
      token: rep,
      body: { ...SPEC_EXAMPLE_REQUEST, lead_id: REANALYSED, recent_activity_summary: REANALYSED_SUMMARY },
    });
    expect(recommended.status).toBe(200);
    const recommendationId = recommended.body.recommendation_id;
    await eventually(async () => {
      const view = await call(stack.gatewayUrl, 'GET', `${RECOMMENDATIONS}/${recommendationId}`, { token: rep });
      return view.body.lifecycle === 'pending_review' ? true : undefined;
    });
    const rejected = await call(stack.gatewayUrl, 'POST', `${RECOMMENDATIONS}/${recommendationId}/reject`, {
      token: rep,
      body: { reason: REJECTION_REASON },
    });
    expect(rejected.status).toBe(200);
    // the recommender has asked the LLM again, with the objection: the re-analysis is in progress
    await eventually(async () => (llm.requests.length === 2 ? true : undefined));
    expect(JSON.stringify(llm.requests[1])).toContain('saffron harbor');
    await erase(REANALYSED);
    await settled();

    const values = [...valuesOf(REANALYSED_PERSON), 'Okavango fleet', 'cobalt meadow', 'saffron harbor', 'velvet canyon'];
    expect(await heldBy(SERVICE_NAMES, values)).toEqual(nothingHeldBy(SERVICE_NAMES));
  });

  it('screens, stores and delivers without its text an approval, or a verdict, of the lead arriving after its erasure', async () => {
    await createLead(APPROVED, APPROVED_PERSON);
    await createLead(OTHER_LEAD, OTHER_PERSON);
    await knownToComplianceAndDelivery(APPROVED);
    await knownToComplianceAndDelivery(OTHER_LEAD);
    await erase(APPROVED);
    // two approvals the gateway published just before the erasure, reaching compliance after it
    const blocked = randomUUID();
    const cleared = randomUUID();
    await approveAsGateway(APPROVED, blocked, BLOCKED_DRAFT);
    await approveAsGateway(APPROVED, cleared, CLEARED_DRAFT);
    // and a verdict compliance published just before the erasure, reaching delivery after it
    const screened = randomUUID();
    await clearAsCompliance(APPROVED, screened, SCREENED_DRAFT);
    await settled();

    const services = ['compliance', 'delivery'] as const;
    const phrases = ['tangerine observatory', 'juniper causeway', 'amber funicular'];
    const values = [...valuesOf(APPROVED_PERSON), ...phrases, OTHER_PERSON.email];
    const screenings = await stack
      .database('compliance')
      .collection('screenings')
      .find({ tenant: TENANT, recommendation_id: { $in: [blocked, cleared] } })
      .toArray();
    const attempts = await stack
      .database('delivery')
      .collection('delivery_attempts')
      .find({ tenant: TENANT, recommendation_id: { $in: [cleared, screened] }, attempt: 1 })
      .toArray();
    expect({
      // the other lead's email stays in its own entries only
      held: await heldBy(services, values, OTHER_LEAD),
      screened: Object.fromEntries(
        screenings.map(({ recommendation_id, stage, draft_length }) => [recommendation_id, { stage, draft_length }]),
      ),
      kept_for_delivery: Object.fromEntries(
        attempts.map(({ recommendation_id, approval }) => [recommendation_id, approval?.draft_message]),
      ),
    }).toEqual({
      held: nothingHeldBy(services),
      screened: {
        [blocked]: { stage: 'pre_delivery', draft_length: ERASED_TEXT.length },
        [cleared]: { stage: 'pre_delivery', draft_length: ERASED_TEXT.length },
      },
      kept_for_delivery: { [cleared]: ERASED_TEXT, [screened]: ERASED_TEXT },
    });
  });

  it("keeps no note of a case of the lead that the compliance team resolves after the lead's erasure", async () => {
    await createLead(ESCALATED, ESCALATED_PERSON);
    await knownToComplianceAndDelivery(ESCALATED);
    // blocked before the erasure (another lead's email), so the case stays open with the draft
    const recommendationId = randomUUID();
    await approveAsGateway(ESCALATED, recommendationId, ESCALATED_DRAFT);
    const escalations = stack.database('compliance').collection('escalations');
    const escalation = await eventuallyStored(escalations, { tenant: TENANT, recommendation_id: recommendationId });
    expect(escalation).toMatchObject({ status: 'open', draft_message: ESCALATED_DRAFT });
    await erase(ESCALATED);

    const officer = stack.token({ sub: 'officer-1', tenant: TENANT, roles: ['compliance'] });
    const resolved = await call(
      stack.serviceUrl('compliance'),
      'POST',
      `/api/v1/compliance/escalations/${escalation.escalation_id}/resolve`,
      {
        token: officer,
        body: { resolution: 'discard', note: RESOLUTION_NOTE },
      },
    );
    expect(resolved.status).toBe(200);
    await settled();

    expect({
      held: await heldBy(['compliance'], [...valuesOf(ESCALATED_PERSON), 'ochre lantern', 'briar quay']),
      case: await escalations.findOne(
        { escalation_id: escalation.escalation_id },
        { projection: { _id: 0, status: 1, resolution: 1, resolution_note: 1, draft_message: 1 } },
      ),
    }).toEqual({
      held: { compliance: [] },
      case: { status: 'discarded', resolution: 'discard', resolution_note: ERASED_TEXT, draft_message: ERASED_TEXT },
    });
  });
});

describe('many erasures at once', () => {
  it("erases six leads at once, and every service's group goes past the requests (none is held past its session)", async () => {
    // one audit fetch brings them all; each erasure waits 4 s between its passes, which once outlasted the 15 s session
    const leads = Array.from({ length: 6 }, (_, n) => `LD-EIF-BATCH-${n}`);
    await Promise.all(leads.map((leadId) => erase(leadId)));
    for (const service of SERVICE_NAMES) {
      await stack.consumedUpToNow(stack.consumerGroupFor(service, Topics.ErasureRequested), [Topics.ErasureRequested], 30_000);
    }
  }, 120_000);
});

describe('an erasure holds up no other lead', () => {
  it("answers another lead's recommendation while the recommender waits between the erasure's two passes", async () => {
    const erasedMeanwhile = 'LD-EIF-ERASED-MEANWHILE';
    const bystander = 'LD-EIF-BYSTANDER';
    await createLead(bystander, NOT_ERASED_PERSON);
    const confirmedAt = new Map<string, number>();
    const erasing = requestErasure({
      client: kafkaClientConfig(stack.environment, 'admin', `erasure-in-flight-${erasedMeanwhile}`),
      namespace: stack.environment,
      tenant: TENANT,
      leadId: erasedMeanwhile,
      timeoutMs: 60_000,
      onProgress: (line) => (line.includes(' confirmed (') ? confirmedAt.set(line.split(' ')[0], Date.now()) : undefined),
    });
    // the recommender's first pass has begun (it notes the lead first); its second comes 4 s later
    await eventually(
      async () =>
        (await stack.database('recommender').collection('erased_leads').findOne({ tenant: TENANT, lead_id: erasedMeanwhile })) ?? undefined,
    );
    const answer = await call(stack.gatewayUrl, 'POST', RECOMMEND, { token: crm, body: { ...SPEC_EXAMPLE_REQUEST, lead_id: bystander } });
    const answeredAt = Date.now();
    expect(answer.status).toBe(200);
    expect(await erasing).toMatchObject({ complete: true, missing: [] });
    // on the service's durable group, the request waited for the erasure's second pass and came after its confirmation
    expect(answeredAt).toBeLessThan(confirmedAt.get('recommender')!);
  }, 60_000);
});
