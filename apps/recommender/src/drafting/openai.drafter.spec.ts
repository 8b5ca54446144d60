import { PinoLogger } from 'nestjs-pino';
import { validateEnvironment } from '@followup/config';
import { FakeOpenAiServer } from '../../../../test/support/fake-openai-server';
import { analyzeLead } from '../engine/lead-analysis';
import { AiServiceUnavailableError } from './drafter';
import { OpenAiDrafter } from './openai.drafter';

const lead = { lead_id: 'LD-7', first_name: 'Sarah', owner_rep_id: 'rep-2', consent: { sms: false, email: true, phone_call: true } };
const history = [
  { type: 'email' as const, outcome: 'replied' as const },
  { type: 'phone_call' as const, outcome: 'no_response' as const },
];
const analysis = analyzeLead(lead, { last_engagement_date: '2026-05-02', engagement_history: history }, new Date('2026-05-04T00:00:00Z'));
const warnings: unknown[] = [];
const logger = { setContext: () => undefined, warn: (fields: unknown) => warnings.push(fields) } as unknown as PinoLogger;
const llm = new FakeOpenAiServer();
let baseUrl: string;
let drafter: OpenAiDrafter;

function drafterWith(settings: Record<string, unknown>): OpenAiDrafter {
  return new OpenAiDrafter(validateEnvironment({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: baseUrl, ...settings }), logger);
}

async function timed<T>(work: Promise<T>): Promise<{ outcome: T | unknown; ms: number }> {
  const startedAt = Date.now();
  const outcome = await work.catch((error: unknown) => error);
  return { outcome, ms: Date.now() - startedAt };
}

beforeEach(async () => {
  llm.reset();
  llm.acceptsJsonSchema = true;
  warnings.length = 0;
  // a new server per test is a new endpoint, with nothing learnt about it yet
  await llm.stop();
  baseUrl = await llm.start();
  drafter = drafterWith({ OPENAI_MAX_RETRIES: 0 });
});

afterAll(() => llm.stop());

describe('OpenAiDrafter response formats', () => {
  it('asks for the strict JSON schema of the answer', async () => {
    const draft = await drafter.draft({ analysis });
    expect(draft.draft_message).toBe('Hi Sarah, following up on your pricing questions from the demo.');
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0].response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'followup_draft',
        strict: true,
        schema: {
          type: 'object',
          properties: {
            reasoning_summary: { type: 'string', description: expect.any(String) },
            draft_message: { type: 'string', description: expect.any(String) },
          },
          required: ['reasoning_summary', 'draft_message'],
          additionalProperties: false,
        },
      },
    });
  });

  it('falls back to JSON mode at once on an endpoint that rejects json_schema, and asks it only for JSON mode afterwards', async () => {
    llm.acceptsJsonSchema = false;
    expect((await drafter.draft({ analysis })).draft_message).toMatch(/^Hi Sarah/);
    expect((await drafter.draft({ analysis })).draft_message).toMatch(/^Hi Sarah/);
    expect(llm.requests.map((request) => request.response_format?.type)).toEqual(['json_schema', 'json_object', 'json_object']);
    expect(warnings).toEqual([{ error_code: 'AI_JSON_SCHEMA_UNSUPPORTED' }]);
  });

  it('keeps asking for json_schema after a failure of another kind', async () => {
    llm.answerNext({ kind: 'status', status: 500 });
    await expect(drafter.draft({ analysis })).rejects.toEqual(new AiServiceUnavailableError('upstream_error', 1, 'status 500'));
    await drafter.draft({ analysis });
    expect(llm.requests.map((request) => request.response_format?.type)).toEqual(['json_schema', 'json_schema']);
  });

  it('re-asks once with the refused answer and the reason, then gives up with invalid_output, keeping both answers for audit', async () => {
    llm.answerNext({ kind: 'text', content: 'Sure! Here is a draft.' }, { kind: 'json', content: { draft_message: 'Hello' } });
    const failure = (await drafter.draft({ analysis }).catch((error) => error)) as AiServiceUnavailableError;
    expect(failure).toMatchObject({ reason: 'invalid_output', attempts: 2 });
    expect(llm.requests).toHaveLength(2);
    const [first, again] = llm.requests;
    expect(failure.llmExchange).toEqual({
      masked_prompt: first.messages[1].content,
      raw_answer: '{"draft_message":"Hello"}',
      refused_answers:
        '[{"problem":"answer is not JSON","answer":"Sure! Here is a draft."},' +
        '{"problem":"invalid fields: reasoning_summary, draft_message","answer":"{\\"draft_message\\":\\"Hello\\"}"}]',
    });
    expect(again.messages.slice(0, 2)).toEqual(first.messages);
    expect(again.messages[2]).toEqual({ role: 'assistant', content: 'Sure! Here is a draft.' });
    expect(again.messages[3]).toEqual({
      role: 'user',
      content:
        'That answer was refused (answer is not JSON). Answer again with only the JSON object: "reasoning_summary" of 10 to 600 ' +
        'characters and "draft_message" of 10 to 1000 characters that addresses the lead by first name.',
    });
  });
});

describe('OpenAiDrafter, the exchange kept for audit', () => {
  it('keeps the masked prompt and the answer kept, and no refused answers when the first one is kept', async () => {
    const draft = await drafter.draft({ analysis });
    expect(draft.llm_exchange).toEqual({
      masked_prompt: llm.requests[0].messages[1].content,
      raw_answer:
        '{"reasoning_summary":"The lead replied by SMS and asked about pricing during the demo.",' +
        '"draft_message":"Hi Sarah, following up on your pricing questions from the demo."}',
    });
  });

  it('keeps 8,000 characters of a refused answer, marked as cut', async () => {
    llm.answerNext({ kind: 'text', content: 'x'.repeat(10_000) });
    const draft = await drafter.draft({ analysis });
    const [refused] = JSON.parse(draft.llm_exchange!.refused_answers!) as { answer: string }[];
    expect(refused.answer).toBe(`${'x'.repeat(8_000)}…[truncated]`);
  });

  it('keeps an answer refused before the one kept, with why', async () => {
    llm.answerNext({ kind: 'text', content: 'Sure! Here is a draft.' });
    const draft = await drafter.draft({ analysis });
    expect(draft.llm_exchange?.refused_answers).toBe('[{"problem":"answer is not JSON","answer":"Sure! Here is a draft."}]');
  });
});

describe('OpenAiDrafter failures', () => {
  it.each([
    ['an error object', '{"error":{"message":"model overloaded","type":"server_error"}}', 'application/json'],
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>', 'text/html'],
  ])('answers upstream_error when a 200 answer is %s instead of a completion', async (_, body, contentType) => {
    llm.answerNext({ kind: 'body', body, contentType });
    await expect(drafter.draft({ analysis })).rejects.toMatchObject({
      name: 'AiServiceUnavailableError',
      reason: 'upstream_error',
      attempts: 1,
    });
  });

  it('cuts an answer whose body trickles past the deadline, OPENAI_TIMEOUT_MS', async () => {
    llm.answerNext({ kind: 'trickle', ms: 3_000 });
    const { outcome, ms } = await timed(drafterWith({ OPENAI_MAX_RETRIES: 0, OPENAI_TIMEOUT_MS: 400 }).draft({ analysis }));
    expect(outcome).toMatchObject({ name: 'AiServiceUnavailableError', reason: 'timeout' });
    expect(ms).toBeLessThan(1_500);
  });

  it("keeps the SDK's retries within the deadline, however long Retry-After asks to wait", async () => {
    llm.answerNext({ kind: 'status', status: 503, retryAfterSeconds: 1 });
    const { outcome, ms } = await timed(drafterWith({ OPENAI_MAX_RETRIES: 1, OPENAI_TIMEOUT_MS: 300 }).draft({ analysis }));
    expect(outcome).toMatchObject({ name: 'AiServiceUnavailableError', reason: 'timeout' });
    expect(ms).toBeLessThan(800);
    // the SDK's sleep before its retry runs out after the deadline: it then finds the signal aborted and sends nothing
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(llm.requests).toHaveLength(1);
  });

  it('refuses an SMS draft over 320 characters: asks again with the limit, then gives up with invalid_output', async () => {
    const texter = { ...lead, consent: { sms: true, email: false, phone_call: false } };
    const smsAnalysis = analyzeLead(
      texter,
      { last_engagement_date: '2026-05-02', engagement_history: [...history, { type: 'sms', outcome: 'replied' }] },
      new Date('2026-05-04T00:00:00Z'),
    );
    const tooLong = {
      reasoning_summary: 'The lead replies by SMS.',
      draft_message: `Hi Sarah, ${'the pricing overview is ready. '.repeat(11)}`,
    };
    llm.answerNext({ kind: 'json', content: tooLong }, { kind: 'json', content: tooLong });
    await expect(drafter.draft({ analysis: smsAnalysis })).rejects.toMatchObject({ reason: 'invalid_output', attempts: 2 });
    expect(llm.requests[1].messages[3].content).toBe(
      'That answer was refused (draft_message longer than 320 characters for sms). Answer again with only the JSON object: ' +
        '"reasoning_summary" of 10 to 600 characters and "draft_message" of 10 to 320 characters that addresses the lead by first name.',
    );
  });
});
