import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mongoose, { Connection, Model } from 'mongoose';
import { validateEnvironment } from '@followup/config';
import { ModelSnapshotRecord, ModelSnapshotSchema } from '../../apps/recommender/src/models/model-snapshot.schema';
import { ModelSnapshotRepository } from '../../apps/recommender/src/models/model-snapshot.repository';
import { PRIOR_MODEL } from '../../apps/recommender/src/models/priority-model';
import { SPEC_EXAMPLE_REQUEST, leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { rejectAndAwaitRevision } from '../support/rejections';
import { scratchDatabase } from '../support/scratch-database';
import { eventuallyStored, TestStack } from '../support/stack';

// The scripts run from dist/ (`npm run build` first), against this file's databases (its MONGO_DB_PREFIX).
const run = promisify(execFile);
const script = (name: string, ...args: string[]) =>
  run('node', [`scripts/${name}.mjs`, ...args], { env: process.env }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: `${error.stdout}${error.stderr}` }),
  );

const stack = new TestStack();
const DAY_MS = 86_400_000;

beforeAll(async () => {
  await stack.start(['gateway', 'recommender', 'audit']);
});

afterAll(() => stack.close());

async function recommend(tenant: string): Promise<string> {
  const crm = stack.token({ sub: 'crm-1', tenant, roles: ['crm'] });
  expect((await call(stack.gatewayUrl, 'PUT', '/api/v1/leads/LD-2048', { token: crm, body: leadRecord() })).status).toBe(201);
  const rep = stack.token({ sub: 'rep-17', tenant, roles: ['sales_rep'] });
  const response = await call(stack.gatewayUrl, 'POST', '/api/v1/ai/followup/recommendation', { token: rep, body: SPEC_EXAMPLE_REQUEST });
  expect(response.status).toBe(200);
  return response.body.recommendation_id;
}

const auditRecord = (id: string) =>
  eventuallyStored(stack.database('audit').collection('audit_records'), { recommendation_id: id, event_type: 'recommendation.generated' });

it('explains the priority, names the model, and reproduces the decision from the audit trail', async () => {
  const id = await recommend('acme');
  const stored = await stack.database('recommender').collection('recommendations').findOne({ recommendation_id: id });
  expect(stored?.ai_service_version.scorer_version).toBe('priority-prior-v1+channel-eb-v3');
  // what explains the decision is in the event that announced it, kept whole with the decision
  const { priority_explanation } = JSON.parse(stored?.outcome_event.json).payload;
  expect(priority_explanation).toMatchObject({ horizon_days: 14, raised: expect.any(Array), lowered: expect.any(Array) });
  expect(priority_explanation.raised.map((factor: { factor: string }) => factor.factor)).toContain('intent');
  expect(JSON.parse(stored?.decision_inputs)).toMatchObject({
    snapshot_id: 'priority-prior-v1',
    prior_strength: 4,
    suppressed_channels: [],
  });
  await auditRecord(id);
  await eventuallyStored(stack.database('audit').collection('audit_records'), {
    recommendation_id: id,
    event_type: 'recommendation.requested',
  });

  const reproduced = await script('audit-reproduce', id);
  expect(reproduced).toMatchObject({ code: 0, stdout: expect.stringContaining('same score, factors, channel and send time') });
  expect(reproduced.stdout).toContain(`priority ${stored?.result.priority_score}, channel sms`);

  // a summary that is not the one the audit trail saw is refused, not silently used
  const request = JSON.parse(stored?.request_payload);
  const tamperedRequest = { ...request, input: { ...request.input, recent_activity_summary: 'No budget this year.' } };
  await stack
    .database('recommender')
    .collection('recommendations')
    .updateOne({ recommendation_id: id }, { $set: { request_payload: JSON.stringify(tamperedRequest) } });
  const tampered = await script('audit-reproduce', id);
  expect(tampered).toMatchObject({ code: 2, stdout: expect.stringContaining('does not match the audit trail') });
});

it('trains a snapshot on settled outcomes, promotes it over the prior, and the next recommendation uses it', async () => {
  // 200 past decisions, 100 to 21 days ago: buying intent on even ones (3 in 4 replied within 14 days),
  // "no budget" on odd ones (1 in 4 replied)
  const now = Date.now();
  const decisions = Array.from({ length: 200 }, (_, i) => ({
    recommendation_id: `past-${i}`,
    tenant: 'acme',
    lead_id: `P-${i}`,
    status: 'generated',
    created_at: new Date(now - (100 - i * 0.4) * DAY_MS),
    request_payload: {
      lead: { lead_id: `P-${i}`, first_name: 'Lead', owner_rep_id: 'rep-17', consent: { sms: true, email: true, phone_call: true } },
      input: {
        account_tier: 'smb',
        last_engagement_date: new Date(now - (102 - i * 0.4) * DAY_MS).toISOString().slice(0, 10),
        engagement_history: [{ type: 'email', outcome: 'opened' }],
        recent_activity_summary: i % 2 === 0 ? 'Asked for a quote for 12 seats.' : 'No budget this year.',
      },
    },
  }));
  await stack.database('recommender').collection('recommendations').insertMany(decisions);
  const replied = decisions.filter((_, i) => (i % 2 === 0 ? i % 8 !== 6 : i % 8 === 1));
  await stack
    .database('recommender')
    .collection('channel_observations')
    .insertMany(
      replied.map((decision) => ({
        observation_id: `reply-${decision.recommendation_id}`,
        tenant: 'acme',
        tier: 'smb',
        channel: 'email',
        lead_id: decision.lead_id,
        response_credit: 1,
        source: 'crm_engagement',
        observed_at: new Date(decision.created_at.getTime() + 3 * DAY_MS),
      })),
    );

  const retrained = await script('model-retrain');
  expect(retrained.code).toBe(0);
  const outcomes = retrained.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(outcomes[0]).toMatchObject({ scope: '*', result: 'promoted', examples: 200 }); // the first test's recommendation: its 14 days are not over
  const snapshot = await stack.database('recommender').collection('model_snapshots').findOne({ snapshot_id: outcomes[0].snapshot_id });
  expect(snapshot).toMatchObject({
    status: 'active',
    examples: { fit: 120, calibration: 40, held_out: 40 },
    compared_with: { snapshot_id: 'priority-prior-v1' },
  });
  expect(snapshot?.held_out.log_loss).toBeLessThan(snapshot?.compared_with.held_out.log_loss);

  // another tenant (acme's model is cached for a minute) falls back to the promoted global snapshot
  const id = await recommend('globex');
  const stored = await stack.database('recommender').collection('recommendations').findOne({ recommendation_id: id });
  expect(stored?.ai_service_version.scorer_version).toBe(`${outcomes[0].snapshot_id}+channel-eb-v3`);
  await auditRecord(id);
  const reproduced = await script('audit-reproduce', id);
  expect(reproduced).toMatchObject({ code: 0, stdout: expect.stringContaining('same score, factors, channel and send time') });
});

it('reproduces a re-analysis after a wrong_channel rejection with the channel it chose without the rejected one', async () => {
  const id = await recommend('initech');
  const rep = stack.token({ sub: 'rep-17', tenant: 'initech', roles: ['sales_rep'] });
  const revised = await rejectAndAwaitRevision(stack, rep, id, 'She prefers email, never text her');
  expect(revised.result.recommended_channel).toBe('email');
  expect(JSON.parse(revised.decision_inputs).revision).toEqual({ category: 'wrong_channel', rejected_channel: 'sms' });
  await auditRecord(revised.recommendation_id);

  const reproduced = await script('audit-reproduce', revised.recommendation_id);
  expect(reproduced).toMatchObject({ code: 0, stdout: expect.stringContaining('same score, factors, channel and send time') });
  expect(reproduced.stdout).toContain('channel email');
});

describe('promoting a snapshot, on the real database', () => {
  const scratch = scratchDatabase('model_promotion', 'recommender');
  let snapshots: Model<ModelSnapshotRecord>;
  let otherInstance: Connection;

  beforeAll(async () => {
    snapshots = scratch.connection.model(ModelSnapshotRecord.name, ModelSnapshotSchema);
    await snapshots.init();
    otherInstance = await mongoose
      .createConnection(validateEnvironment(process.env).MONGO_URL, { dbName: scratch.connection.name })
      .asPromise();
  });

  afterAll(() => otherInstance.close());

  const metrics = { examples: 40, responded: 20, auc: 0.7, log_loss: 0.6, brier: 0.2 };
  const snapshot = (scope: string, snapshotId: string): ModelSnapshotRecord => ({
    snapshot_id: snapshotId,
    scope,
    status: 'active',
    model: { ...PRIOR_MODEL, snapshot_id: snapshotId },
    training_window: { from: new Date('2026-06-01'), to: new Date('2026-11-01') },
    examples: { fit: 120, calibration: 40, held_out: 40 },
    held_out: metrics,
    compared_with: { snapshot_id: PRIOR_MODEL.snapshot_id, held_out: metrics },
  });

  /** The collection as a process sees it that dies after its first `writes` writes. */
  const dyingAfter = (writes: number): Model<ModelSnapshotRecord> =>
    new Proxy(snapshots, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        if (!['create', 'insertMany', 'updateOne', 'updateMany', 'findOneAndUpdate'].includes(String(property))) return value.bind(target);
        return (...args: unknown[]) => {
          if (writes <= 0) throw new Error('the process died');
          writes -= 1;
          return value.apply(target, args);
        };
      },
    });

  it('leaves the scope one model in force, the same for every reader, whichever write a promotion died after', async () => {
    const readers = [
      new ModelSnapshotRepository(snapshots),
      new ModelSnapshotRepository(otherInstance.model(ModelSnapshotRecord.name, ModelSnapshotSchema)),
    ];
    for (let writes = 0; ; writes += 1) {
      const scope = `tenant-${writes}`;
      await readers[0].promote(snapshot(scope, `${scope}-before`));

      const died = await new ModelSnapshotRepository(dyingAfter(writes)).promote(snapshot(scope, `${scope}-next`)).then(
        () => false,
        () => true,
      );

      const inForce = await Promise.all(readers.map((reader) => reader.active(scope).then((found) => found?.snapshot_id)));
      expect([
        [`${scope}-before`, `${scope}-before`],
        [`${scope}-next`, `${scope}-next`],
      ]).toContainEqual(inForce);
      // once the new snapshot is stored as active it is the one in force, not whichever active a reader finds first
      if (await snapshots.exists({ snapshot_id: `${scope}-next`, status: 'active' })) expect(inForce[0]).toBe(`${scope}-next`);
      if (!died) {
        expect(inForce[0]).toBe(`${scope}-next`);
        expect(await snapshots.countDocuments({ scope, status: 'active' })).toBe(1);
        break;
      }
    }
  });

  it('never leaves the scope without a model in force while two instances promote at once', async () => {
    const here = new ModelSnapshotRepository(snapshots);
    const there = new ModelSnapshotRepository(otherInstance.model(ModelSnapshotRecord.name, ModelSnapshotSchema));
    await here.promote(snapshot('racing', 'racing-first'));
    const roundsSeenWithout: number[] = [];
    for (let round = 0; round < 20; round += 1) {
      let racing = true;
      const reader = (async () => {
        while (racing) if (!(await there.active('racing'))) roundsSeenWithout.push(round);
      })();
      await Promise.all([here.promote(snapshot('racing', `racing-${round}-a`)), there.promote(snapshot('racing', `racing-${round}-b`))]);
      racing = false;
      await reader;

      const inForce = await Promise.all([here.active('racing'), there.active('racing')]);
      expect(inForce[0]?.snapshot_id).toBe(inForce[1]?.snapshot_id);
      expect([`racing-${round}-a`, `racing-${round}-b`]).toContain(inForce[0]?.snapshot_id);
    }
    expect(roundsSeenWithout).toEqual([]);
  });
});
