import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { call } from '../support/http';
import { eventually, eventuallyStored, TestStack } from '../support/stack';

const SUMMARY = 'Asked Priya for pricing; wants the quote sent to ops.lead@globex-corp.com or read out on +1 415 555 0188.';
const llm = new FakeOpenAiServer();
let stack: TestStack;

beforeAll(async () => {
  const baseUrl = await llm.start();
  stack = new TestStack({
    gateway: { RECOMMENDATION_REPLY_TIMEOUT_MS: 10_000 },
    recommender: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: baseUrl, OPENAI_TIMEOUT_MS: 2_000, OPENAI_INVALID_OUTPUT_RETRIES: 1 },
  });
  await stack.start(['gateway', 'recommender', 'audit']);
  const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  expect((await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() })).status).toBe(201);
});

afterAll(async () => {
  await stack.close();
  await llm.stop();
});

beforeEach(() => llm.reset());

const recommend = (summary = SUMMARY) =>
  call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', {
    token: stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] }),
    body: { ...SPEC_EXAMPLE_REQUEST, recent_activity_summary: summary },
  });

describe('personal data in the activity summary, on its way to the LLM', () => {
  it('reaches the OpenAI-compatible server masked, and the masked prompt and raw answer are kept out of the chain', async () => {
    const response = await recommend();
    expect(response.status).toBe(200);
    expect(llm.requests).toHaveLength(1);
    const facts = JSON.parse(llm.requests[0].messages[1].content);
    expect(facts.recent_activity_summary).toBe('Asked <PERSON_1> for pricing; wants the quote sent to <EMAIL_1> or read out on <PHONE_1>.');
    const sent = JSON.stringify(llm.requests[0]);
    expect(sent).not.toContain('Priya');
    expect(sent).not.toContain('globex-corp');
    expect(sent).not.toContain('555 0188');

    const recommendationId = response.body.recommendation_id;
    const kept = await eventually(async () => {
      const texts = await stack.database('audit').collection('draft_texts').find({ recommendation_id: recommendationId }).toArray();
      return texts.some((text) => text.kind === 'llm_answer_raw') ? texts : undefined;
    });
    expect(kept.find((text) => text.kind === 'llm_prompt_masked')?.text).toContain('<EMAIL_1>');
    // chained by the trail's second stage, a fetch after the texts were stored
    const chained = await eventually(async () => {
      const records = await stack.database('audit').collection('audit_records').find({ recommendation_id: recommendationId }).toArray();
      return records.length > 0 ? records : undefined;
    });
    expect(JSON.stringify(chained)).not.toContain('<EMAIL_1>');
    expect(JSON.stringify(chained)).not.toContain('globex-corp');
  });

  it('masks the names a rep typed in lower case or in capitals', async () => {
    const response = await recommend('spoke w/ priya re pricing, sarah wants it. CALLED NOMVULA DLAMINI ABOUT THE RENEWAL');
    expect(response.status).toBe(200);
    const facts = JSON.parse(llm.requests[0].messages[1].content);
    // the full name is one person, one placeholder
    expect(facts.recent_activity_summary).toBe('spoke w/ <PERSON_1> re pricing, sarah wants it. CALLED <PERSON_2> ABOUT THE RENEWAL');
    const sent = JSON.stringify(llm.requests[0]).toLowerCase();
    for (const name of ['priya', 'nomvula', 'dlamini']) expect(sent).not.toContain(name);
  });

  it('answers a summary naming a field of many underscores, which the address reading once took minutes over', async () => {
    // thirty words joined by underscores: split every way at each underscore, the spelled-address rule took ~30 s on it
    const field = Array.from({ length: 30 }, (_, index) => `seg${index}`).join('_');
    const response = await recommend(`Asked why ${field} is empty in the export.`);
    expect(response.status).toBe(200);
    const facts = JSON.parse(llm.requests[0].messages[1].content);
    expect(facts.recent_activity_summary).toBe(`Asked why ${field} is empty in the export.`);
  });

  it('asks again when the answer repeats a placeholder, and never restores it into the draft', async () => {
    llm.answerNext({
      kind: 'json',
      content: { reasoning_summary: 'Asked for pricing during the demo.', draft_message: 'Hi Sarah, I sent the quote to <EMAIL_1>.' },
    });
    const response = await recommend();
    expect(response.status).toBe(200);
    expect(llm.requests).toHaveLength(2);
    expect(response.body.draft_message).toBe('Hi Sarah, following up on your pricing questions from the demo.');

    // the refused answer is kept for audit with why, out of the chain like the rest of the exchange
    const refused = await keptText(response.body.recommendation_id, 'llm_answers_refused');
    expect(JSON.parse(refused)).toEqual([
      {
        problem: 'answer keeps placeholders of personal data',
        answer: '{"reasoning_summary":"Asked for pricing during the demo.","draft_message":"Hi Sarah, I sent the quote to <EMAIL_1>."}',
      },
    ]);
  });

  it('keeps what a model that only gave refused answers was sent and answered, beside the manual queue', async () => {
    llm.answerNext({ kind: 'text', content: 'Sure! Here is a draft.' }, { kind: 'text', content: 'Sorry, I cannot help with that.' });
    const response = await recommend();
    expect(response.status).toBe(500);
    expect(response.body.error.details).toMatchObject({ reason: 'invalid_output', manual_queue: true });
    const recommendationId = response.body.error.details.recommendation_id;

    expect(JSON.parse(await keptText(recommendationId, 'llm_answers_refused'))).toEqual([
      { problem: 'answer is not JSON', answer: 'Sure! Here is a draft.' },
      { problem: 'answer is not JSON', answer: 'Sorry, I cannot help with that.' },
    ]);
    expect(await keptText(recommendationId, 'llm_prompt_masked')).toContain('<EMAIL_1>');
    expect(await keptText(recommendationId, 'llm_answer_raw')).toBe('Sorry, I cannot help with that.');
    const chained = await eventually(async () => {
      const records = await stack.database('audit').collection('audit_records').find({ recommendation_id: recommendationId }).toArray();
      return records.some((record) => record.event_type === 'recommendation.failed') ? records : undefined;
    });
    expect(JSON.stringify(chained)).not.toContain('cannot help');
  });

  it.each([
    ["the lead's phone number tells it", 'LD-5511', {}],
    ["the lead's record says another (a lead in the US with a Brazilian phone number)", 'LD-5512', { country: 'US' }],
  ])("reads a national number in the lead's own country outside the tenant's regions: %s", async (_case, leadId, fields) => {
    const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
    const lead = leadRecord({ first_name: 'Ana', contacts: { email: 'ana@example.com', phone: '+5511912345678' }, ...fields });
    expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${leadId}`, { token: crm, body: lead })).status).toBe(201);
    const response = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', {
      token: stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] }),
      body: { ...SPEC_EXAMPLE_REQUEST, lead_id: leadId, recent_activity_summary: 'Call her on (11) 91234-5678 after lunch.' },
    });
    expect(response.status).toBe(200);
    // in the default regions alone the area code stays in the text: 'Call her on (11) <PHONE_1> after lunch.'
    expect(JSON.parse(llm.requests[0].messages[1].content).recent_activity_summary).toBe('Call her on <PHONE_1> after lunch.');
    expect(JSON.stringify(llm.requests[0])).not.toContain('(11)');
  });
});

/** A restricted text the audit trail keeps of the recommendation, once it keeps it. */
async function keptText(recommendationId: string, kind: string): Promise<string> {
  const kept = await eventuallyStored(stack.database('audit').collection('draft_texts'), { recommendation_id: recommendationId, kind });
  return kept.text as string;
}
