import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { TestStack } from '../support/stack';

/**
 * A real model in the loop: SmolLM2-135M-Instruct (prepared by `npm test` from scripts/llm/requirements.lock) served
 * by scripts/llm/local-llm-server.mjs on loopback. What the model writes is not asserted, only that each request
 * ends in one of the workflow's two outcomes: a validated draft, or the manual queue after the re-ask.
 */
interface LocalLlm {
  base_url: string;
  api_key: string;
  model: string;
}

let server: ChildProcess;
let llm: LocalLlm;
let stack: TestStack;

function startLocalLlm(): Promise<LocalLlm> {
  server = spawn(process.execPath, [join(__dirname, '../../scripts/llm/local-llm-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`the local LLM server exited (${code}) before it was ready`)));
    createInterface({ input: server.stdout! }).on('line', (line) => {
      if (line.startsWith('local LLM ready ')) resolve(JSON.parse(line.slice('local LLM ready '.length)));
    });
  });
}

interface CompletionAnswer {
  choices: { finish_reason: string; message: { content: string } }[];
  error?: { type: string };
}

const completion = (body: Record<string, unknown>, key = llm.api_key) =>
  fetch(`${llm.base_url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      model: llm.model,
      temperature: 0,
      max_tokens: 24,
      messages: [{ role: 'user', content: 'Is water wet?' }],
      ...body,
    }),
  });

beforeAll(async () => {
  llm = await startLocalLlm();
  stack = new TestStack({
    gateway: { RECOMMENDATION_REPLY_TIMEOUT_MS: 100_000 },
    recommender: {
      OPENAI_API_KEY: llm.api_key,
      OPENAI_BASE_URL: llm.base_url,
      OPENAI_MODEL: llm.model,
      OPENAI_TIMEOUT_MS: 50_000,
      OPENAI_MAX_RETRIES: 0,
      OPENAI_INVALID_OUTPUT_RETRIES: 1,
      OPENAI_MAX_TOKENS: 120,
    },
  });
  await stack.start(['gateway', 'recommender']);
});

afterAll(async () => {
  await stack?.close();
  server?.kill('SIGTERM');
});

describe('the local OpenAI-compatible server', () => {
  it('answers json_schema requests with JSON of that schema, json_object requests with JSON, and no one without its key', async () => {
    const schema = { type: 'object', properties: { wet: { type: 'boolean' } }, required: ['wet'], additionalProperties: false };
    const structured = await completion({
      response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema } },
    });
    expect(structured.status).toBe(200);
    const body = (await structured.json()) as CompletionAnswer;
    expect(body).toMatchObject({ object: 'chat.completion', model: llm.model, choices: [{ finish_reason: 'stop' }] });
    const answer = JSON.parse(body.choices[0].message.content);
    expect(Object.keys(answer)).toEqual(['wet']);
    expect(typeof answer.wet).toBe('boolean');

    const jsonMode = await completion({ max_tokens: 48, response_format: { type: 'json_object' } });
    expect(jsonMode.status).toBe(200);
    expect(((await jsonMode.json()) as CompletionAnswer).choices[0].message.content).toMatch(/^\s*\{/);

    const unknownKey = await completion({}, 'not-the-key');
    expect(unknownKey.status).toBe(401);
    expect(((await unknownKey.json()) as CompletionAnswer).error).toMatchObject({ type: 'authentication_error' });
  });
});

describe('recommendations drafted by the real model', () => {
  it.each([
    ['LD-2048', leadRecord(), SPEC_EXAMPLE_REQUEST],
    [
      'LD-3071',
      leadRecord({ first_name: 'Miguel', account_tier: 'enterprise' }),
      { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-3071', recent_activity_summary: 'Asked about licensing costs for a second team.' },
    ],
  ])('end for %s in a validated draft or in the manual queue', async (leadId, lead, request) => {
    const crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
    expect((await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${leadId}`, { token: crm, body: lead })).status).toBe(201);
    const rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
    const response = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: request });
    const recommendations = stack.database('recommender').collection('recommendations');

    if (response.status === 200) {
      expect(response.body.draft_message.toLowerCase()).toContain(lead.first_name.toLowerCase());
      const stored = await recommendations.findOne({ recommendation_id: response.body.recommendation_id });
      expect(stored).toMatchObject({
        status: 'generated',
        ai_service_version: { engine: 'openai', model: llm.model, prompt_version: 'followup-draft-v3' },
      });
    } else {
      // the model answered each time (no timeout, no transport error), and both answers were refused
      expect(response.status).toBe(500);
      expect(response.body.error).toMatchObject({
        code: 'AI_SERVICE_UNAVAILABLE',
        details: { reason: 'invalid_output', manual_queue: true },
      });
      const stored = await recommendations.findOne({ recommendation_id: response.body.error.details.recommendation_id });
      expect(stored?.status).toBe('manual_queue');
    }
  });
});
