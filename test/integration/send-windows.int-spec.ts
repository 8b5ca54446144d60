import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessStack } from '../../scripts/process-stack.cjs';
import { FakeSmsProvider } from '../support/fake-sms-provider';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { SmtpTestServer } from '../support/smtp-test-server';
import { eventually, TestStack } from '../support/stack';

/**
 * Send windows and the frequency cap against real processes from dist/: the delivery service runs on a clock
 * this test moves (TEST_CLOCK_FILE holds an offset from the real time), and is killed with SIGKILL while a
 * send waits for its window. Counted at the stand-in SMS provider.
 */
const smtp = new SmtpTestServer();
const sms = new FakeSmsProvider();
const helper = new TestStack();
const clockDir = mkdtempSync(join(tmpdir(), 'followup-clock-'));
const clockFile = join(clockDir, 'offset-ms');
let processes: ProcessStack;
const gateway = () => processes.url('gateway');
let rep: string;
let crm: string;

const asStrings = (settings: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, String(value)]));

/** Moves the delivery service's clock so that it reads `iso` now (and runs on from there). */
function setClock(iso: string): void {
  writeFileSync(clockFile, String(new Date(iso).getTime() - Date.now()));
}

beforeAll(async () => {
  await Promise.all([smtp.start(), sms.start()]);
  // Tuesday 9 June 2026, 23:00 in New York (EDT, UTC-4)
  setClock('2026-06-10T03:00:00Z');
  processes = new ProcessStack({
    env: {
      KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX!,
      MONGO_DB_PREFIX: process.env.MONGO_DB_PREFIX!,
      LOG_LEVEL: 'warn',
      OUTBOX_RELAY_INTERVAL_MS: '1000',
      ...asStrings(smtp.settings()),
      ...asStrings(sms.settings()),
    },
    serviceEnv: { delivery: { TEST_CLOCK_FILE: clockFile, SCHEDULER_POLL_INTERVAL_MS: '200' } },
  });
  await processes.startAll();
  rep = helper.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
  crm = helper.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
  // Reachable by SMS only, in New York.
  const lead = leadRecord({ time_zone: 'America/New_York', consent: { sms: true, email: false, phone_call: false } });
  expect((await call(gateway(), 'PUT', '/api/v1/leads/LD-TZ-1', { token: crm, body: lead })).status).toBe(201);
  await eventually(async () => {
    const contact = await helper.database('delivery').collection('contacts').findOne({ tenant: 'acme', lead_id: 'LD-TZ-1' });
    return contact?.time_zone === 'America/New_York' ? true : undefined;
  });
}, 180_000);

afterAll(async () => {
  await processes.stopAll();
  await Promise.all([smtp.stop(), sms.stop(), helper.close()]);
  rmSync(clockDir, { recursive: true, force: true });
});

async function view(id: string) {
  return (await call(gateway(), 'GET', `/api/v1/ai/followup/recommendations/${id}`, { token: rep })).body;
}

/** Asks for a recommendation for the lead, waits for it to await review and approves it as the owner rep. */
async function recommendAndApprove(): Promise<string> {
  const asked = await call(gateway(), 'POST', '/api/v1/ai/followup/recommendation', {
    token: rep,
    body: { ...SPEC_EXAMPLE_REQUEST, lead_id: 'LD-TZ-1' },
  });
  const id: string = asked.body.recommendation_id ?? asked.body.error?.details?.recommendation_id;
  await eventually(async () => ((await view(id)).lifecycle === 'pending_review' ? true : undefined), 90_000);
  expect((await call(gateway(), 'POST', `/api/v1/ai/followup/recommendations/${id}/approve`, { token: rep, body: {} })).status).toBe(200);
  return id;
}

it('holds an SMS approved at 23:00 lead-local time until 08:00, through a SIGKILL of delivery, and sends it once', async () => {
  const id = await recommendAndApprove();
  const scheduled = await eventually(async () => {
    const body = await view(id);
    return body.lifecycle === 'scheduled' ? body : undefined;
  }, 60_000);
  expect(scheduled.delivery).toMatchObject({ channel: 'sms', outcome: 'scheduled', scheduled_for: '2026-06-10T12:00:00.000Z' });
  const jobs = await helper.database('delivery').collection('scheduled_jobs').find({ 'payload.recommendation_id': id }).toArray();
  expect(jobs.map((job) => [job.status, job.due_at.toISOString()])).toEqual([['pending', '2026-06-10T12:00:00.000Z']]);

  await processes.kill('delivery');
  await processes.start('delivery');
  expect(sms.requests).toBe(0);

  setClock('2026-06-10T12:00:00Z'); // 08:00 EDT
  await eventually(async () => ((await view(id)).lifecycle === 'delivered' ? true : undefined), 60_000);
  expect(sms.messages.map((message) => message.idempotency_key)).toEqual([`${id}:sms`]);
  const attempts = await helper.database('delivery').collection('delivery_attempts').find({ recommendation_id: id }).toArray();
  expect(attempts.map((attempt) => [attempt.channel, attempt.status])).toEqual([['sms', 'delivered']]);
  expect(attempts[0].started_at.getTime()).toBeGreaterThanOrEqual(new Date('2026-06-10T12:00:00Z').getTime());
  // the job is marked done once its handler has returned, which may be just after the gateway heard of the delivery
  await eventually(async () =>
    (await helper.database('delivery').collection('scheduled_jobs').findOne({ 'payload.recommendation_id': id }))?.status === 'done'
      ? true
      : undefined,
  );
});

it('holds the next message to the same lead until 48 hours after the last one (the default frequency cap)', async () => {
  const [first] = await helper.database('delivery').collection('delivery_attempts').find({ lead_id: 'LD-TZ-1', status: 'delivered' }).toArray();
  const id = await recommendAndApprove();
  const scheduled = await eventually(async () => {
    const body = await view(id);
    return body.lifecycle === 'scheduled' ? body : undefined;
  }, 60_000);
  const capEnds = new Date(first.finished_at.getTime() + 48 * 3_600_000).toISOString();
  expect(scheduled.delivery).toMatchObject({ channel: 'sms', outcome: 'scheduled', scheduled_for: capEnds });
  expect(sms.messages).toHaveLength(1);

  // A manager turns the cap off: the send is checked against the new rules when its job is due.
  const manager = helper.token({ sub: 'mgr-1', tenant: 'acme', roles: ['sales_manager'] });
  const policy = await call(gateway(), 'GET', '/api/v1/sending-policy', { token: manager });
  expect(policy.status).toBe(200);
  expect(policy.body).toMatchObject({ frequency_cap_hours: 48, windows: { sms: { start: '08:00', end: '20:00' }, email: null }, updated_by: null });
  const { updated_by, updated_at, ...rules } = policy.body;
  const changed = await call(gateway(), 'PUT', '/api/v1/sending-policy', { token: manager, body: { ...rules, frequency_cap_hours: 0 } });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({ frequency_cap_hours: 0, updated_by: 'mgr-1' });
  expect((await call(gateway(), 'PUT', '/api/v1/sending-policy', { token: rep, body: rules })).status).toBe(403);

  setClock(capEnds);
  await eventually(async () => ((await view(id)).lifecycle === 'delivered' ? true : undefined), 60_000);
  expect(sms.messages.map((message) => message.idempotency_key).sort()).toEqual(
    [`${first.recommendation_id}:sms`, `${id}:sms`].sort(),
  );
});
