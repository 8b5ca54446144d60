import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_NAMES, ServiceName, Topics } from '@followup/contracts';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';

/**
 * Plants unique values in every PII-bearing field (names, email, phone, activity summary, and through the
 * first name the generated draft), drives the failure paths of the spec's tables with the real services,
 * and then reads every service's log file: the values must be in none of them.
 */
const logDir = mkdtempSync(join(tmpdir(), 'followup-logs-'));
const logFile = (service: ServiceName) => join(logDir, `${service}.log`);
const hex = () => randomBytes(6).toString('hex');
const canary = {
  first_name: `Cfn${hex()}`,
  last_name: `Cln${hex()}`,
  email: `c${hex()}@example.com`,
  phone: `+1415${String(Math.floor(1_000_000 + Math.random() * 8_999_999))}`,
  summary: `Requested pricing ${hex()} during demo.`,
};
const canaries = [canary.first_name, canary.last_name, canary.email, canary.phone, canary.summary.split(' ')[2]];
const perService = (extra: Record<string, unknown> = {}) => ({ LOG_LEVEL: 'info', ...extra });
const stack = new TestStack({
  gateway: perService({ LOG_FILE: logFile('gateway'), RATE_LIMIT_MAX_REQUESTS: 6, RECOMMENDATION_REPLY_TIMEOUT_MS: 1500 }),
  recommender: perService({ LOG_FILE: logFile('recommender') }),
  compliance: perService({ LOG_FILE: logFile('compliance') }),
  delivery: perService({ LOG_FILE: logFile('delivery') }),
  audit: perService({ LOG_FILE: logFile('audit') }),
});
const RECOMMEND = '/api/v1/ai/followup/recommendation';
const LEAD = 'LD-CANARY';

beforeAll(async () => {
  await stack.start();
});

afterAll(async () => {
  await stack.close();
  rmSync(logDir, { recursive: true, force: true });
});

it('keeps lead names, contacts, activity summaries and drafts out of every log line of every service', async () => {
  const crm = stack.token({ sub: 'crm-canary', tenant: 'acme', roles: ['crm'] });
  const rep = stack.token({ sub: 'rep-canary', tenant: 'acme', roles: ['sales_rep'] });
  const withCanaries = { ...SPEC_EXAMPLE_REQUEST, lead_id: LEAD, recent_activity_summary: canary.summary };
  const send = (requestId: string, token: string | undefined, body: unknown, path = RECOMMEND, method = 'POST') =>
    call(stack.gatewayUrl, method, path, { token, body, headers: { 'x-request-id': requestId } });

  const lead = leadRecord({
    owner_rep_id: 'rep-canary',
    first_name: canary.first_name,
    last_name: canary.last_name,
    contacts: { email: canary.email, phone: canary.phone },
  });
  expect((await send('canary-lead', crm, lead, `/api/v1/leads/${LEAD}`, 'PUT')).status).toBe(201);
  // 400: a missing field, a wrong contact, malformed JSON, each carrying the canaries.
  expect((await send('canary-400', rep, { ...withCanaries, lead_id: undefined })).status).toBe(400);
  expect(
    (
      await send(
        'canary-400-lead',
        crm,
        { ...lead, contacts: { email: canary.first_name, phone: canary.phone } },
        `/api/v1/leads/${LEAD}`,
        'PUT',
      )
    ).status,
  ).toBe(400);
  expect((await send('canary-400-json', rep, `{"lead_id":"${LEAD}","recent_activity_summary":"${canary.summary}"`)).status).toBe(400);
  // 401 and 403.
  expect((await send('canary-401', undefined, withCanaries)).status).toBe(401);
  expect((await send('canary-403', stack.token({ sub: 'an-1', tenant: 'acme', roles: ['analyst'] }), withCanaries)).status).toBe(403);
  // 404 and 422.
  expect((await send('canary-404', rep, { ...withCanaries, lead_id: 'LD-UNKNOWN' })).status).toBe(404);
  expect((await send('canary-422', rep, { ...withCanaries, engagement_history: [{ type: 'sms', outcome: 'replied' }] })).status).toBe(422);
  // The whole flow: the draft greets the lead by the canary first name.
  const success = await send('canary-200', rep, withCanaries);
  expect(success.status).toBe(200);
  expect(success.body.draft_message).toContain(canary.first_name);
  // 429 for one subject.
  const hammer = stack.token({ sub: 'rep-hammer', tenant: 'acme', roles: ['sales_rep'] });
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 8; attempt += 1)
    statuses.push((await send(`canary-429-${attempt}`, hammer, { ...withCanaries, lead_id: undefined })).status);
  expect(statuses).toContain(429);
  // Malformed events on Kafka: dead-lettered by every consumer, recorded by audit.
  await stack.produceRaw(
    Topics.LeadUpserted,
    JSON.stringify({
      tenant: 'acme',
      request_id: 'canary-dl',
      payload: { lead_id: LEAD, first_name: canary.first_name, contacts: { email: canary.email } },
    }),
    LEAD,
  );
  await stack.produceRaw(Topics.RecommendationRequested, `not json ${canary.email} ${canary.summary}`, LEAD);
  // Contacts in a query string: the suppression list's filter (the gateway forwards it; delivery is asked directly here,
  // as this stack's gateway forwards to the configured default address).
  for (const [channel, address] of [
    ['email', canary.email],
    ['sms', canary.phone],
  ]) {
    const filtered = await call(
      stack.serviceUrl('delivery'),
      'GET',
      `/api/v1/suppressions?channel=${channel}&address=${encodeURIComponent(address)}`,
      {
        token: crm,
        headers: { 'x-request-id': `canary-query-${channel}` },
      },
    );
    expect(filtered.status).toBe(200);
  }
  // The recommender down: 503.
  await stack.stopService('recommender');
  const unavailable = await send('canary-503', rep, withCanaries);
  expect(unavailable.status).toBe(503);
  await stack.startService('recommender');

  const audit = stack.database('audit').collection('audit_records');
  await eventually(
    async () => ((await audit.countDocuments({ event_type: 'dead_letter', request_id: 'canary-dl' })) > 0 ? true : undefined),
    60_000,
  );
  await eventually(async () =>
    (await audit.countDocuments({ action: 'recommendation.generated', request_id: 'canary-200' })) > 0 ? true : undefined,
  );
  const finished = await eventually(async () => {
    const status = await call(
      stack.gatewayUrl,
      'GET',
      `/api/v1/ai/followup/recommendations/${unavailable.body.error.details.recommendation_id}`,
      { token: rep },
    );
    return status.body.status === 'completed' ? status.body : undefined;
  }, 60_000);
  expect(finished.result.draft_message).toContain(canary.first_name);
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const logs = Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, existsSync(logFile(service)) ? readFileSync(logFile(service), 'utf8') : '']),
  );
  // The logs are there and are the ones of this test: the test could see a canary if one were logged.
  // (In this one process the five apps share nestjs-pino's static root logger, so a Kafka handler's line
  // can land in another service's file; every service writes to a file, so every line is read.)
  expect(logs.gateway.length).toBeGreaterThan(0);
  process.stderr.write(
    `log lines per file: ${JSON.stringify(Object.fromEntries(Object.entries(logs).map(([service, text]) => [service, text.split('\n').filter(Boolean).length])))}\n`,
  );
  const all = Object.values(logs).join('\n');
  for (const requestId of [
    'canary-400',
    'canary-401',
    'canary-403',
    'canary-404',
    'canary-422',
    'canary-200',
    'canary-503',
    'canary-query-email',
  ]) {
    expect(all).toContain(`"request_id":"${requestId}"`);
  }
  const lines = all
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  // The standard error line: every rejection at warn with its error_code, request id and service.
  const rejection = (requestId: string) => lines.find((line) => line.request_id === requestId && typeof line.error_code === 'string');
  for (const [requestId, code] of [
    ['canary-400', 'INVALID_REQUEST'],
    ['canary-401', 'INVALID_TOKEN'],
    ['canary-403', 'FORBIDDEN'],
    ['canary-404', 'LEAD_NOT_FOUND'],
    ['canary-422', 'INSUFFICIENT_DATA'],
  ]) {
    expect(rejection(requestId)).toMatchObject({
      level: 'warn',
      service: 'gateway',
      error_code: code,
      message: expect.any(String),
      timestamp: expect.any(String),
    });
  }
  expect(lines.find((line) => String(line.request_id).startsWith('canary-429') && line.error_code === 'RATE_LIMIT_EXCEEDED')).toMatchObject(
    { level: 'warn' },
  );
  expect(rejection('canary-503')).toMatchObject({ level: 'error', error_code: 'SERVICE_UNAVAILABLE' });
  expect(lines.some((line) => line.message === 'event dead-lettered')).toBe(true);

  for (const [service, text] of Object.entries(logs)) {
    // a value in a URL is logged percent-encoded: '@' as %40, '+' as %2B
    for (const value of canaries.flatMap((canaryValue) => [canaryValue, encodeURIComponent(canaryValue)])) {
      if (text.includes(value)) throw new Error(`${service} logged the canary ${value}`);
    }
  }
});
