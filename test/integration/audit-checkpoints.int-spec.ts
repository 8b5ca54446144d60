import type { INestApplication } from '@nestjs/common';
import { ObjectId } from 'mongodb';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { developmentKafkaPassword, kafkaUsername } from '@followup/messaging';
import { auditRecordOf, storedAuditDocument } from '../../apps/audit/src/audit-trail/audit-record.schema';
import { chainRecord, ChainedRecord, ChainHead, EMPTY_CHAIN, verifyChain } from '../../apps/audit/src/chain/audit-chain';
import { CheckpointScheduler } from '../../apps/audit/src/checkpoints/checkpoint-scheduler';
import {
  OTHER_KEY_ID,
  OTHER_VERIFY_KEY_PEM,
  TEST_KEY_ID,
  TEST_SIGNING_KEY_PEM,
  TEST_VERIFY_KEY_PEM,
} from '../../apps/audit/src/checkpoints/test-keys.fixture';
import { leadRecord } from '../support/fixtures';
import { call } from '../support/http';
import { eventually, TestStack } from '../support/stack';

/**
 * Signed checkpoints against an attacker who can write the audit database: a record rewritten and every
 * later record re-chained consistently passes the hash chain, and `npm run audit:verify` (the real CLI, over
 * the real database, given the public key alone) fails at the first checkpoint after the rewrite.
 */

const stack = new TestStack({ audit: { AUDIT_SIGNING_PRIVATE_KEY: TEST_SIGNING_KEY_PEM } });
const root = join(__dirname, '../..');
const keyDirectory = mkdtempSync(join(tmpdir(), 'followup-checkpoint-key-'));
const publicKeyFile = join(keyDirectory, 'audit-checkpoints.pub.pem');
/** What a third party kept of the checkpoints the listing route showed it. */
const keptFile = join(keyDirectory, 'kept-checkpoints.ndjson');
const otherPublicKeyFile = join(keyDirectory, 'other.pub.pem');
const rebuiltDatabase = `${process.env.MONGO_DB_PREFIX}audit_rebuilt`;
let auditUrl: string;
let analyst: string;
let crm: string;

const records = () => stack.database('audit').collection('audit_records');
const heads = () => stack.database('audit').collection('audit_chain_heads');
const auditDatabase = () => stack.database('audit').databaseName;

async function upsertLead(tenant: string, leadId: string): Promise<void> {
  const token = tenant === 'acme' ? crm : stack.token({ sub: 'crm-2', tenant, roles: ['crm'] });
  const answer = await call(stack.gatewayUrl, 'PUT', `/api/v1/leads/${leadId}`, { token, body: leadRecord({ owner_rep_id: 'rep-17' }) });
  expect([200, 201]).toContain(answer.status);
}

/** The tenant's records as stored now, in chain order, each as it was chained. */
async function storedChainOf(tenant: string): Promise<(ChainedRecord & { outbox_pending: boolean })[]> {
  const found = await records()
    .find({ tenant }, { projection: { _id: 0 } })
    .sort({ sequence: 1 })
    .toArray();
  return found.map(auditRecordOf) as unknown as (ChainedRecord & { outbox_pending: boolean })[];
}

/** The tenant's chain once it holds `count` records, all published. */
function chainOf(tenant: string, count: number): Promise<ChainedRecord[]> {
  return eventually(async () => {
    const found = await storedChainOf(tenant);
    return found.length >= count && found.every((record) => record.outbox_pending === false) ? found : undefined;
  }, 60_000);
}

function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm run audit:verify` as a third party runs it: production settings, no secret, only the public key file. */
const runVerifier = (extra: string[] = []) =>
  runScript('scripts/audit-verify.mjs', ['--db', auditDatabase(), '--public-key', publicKeyFile, ...extra], {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '0.0.0.0',
    MONGO_URL: stack.environment.MONGO_URL,
  });

/** `npm run audit:replay -- --rebuild` of this run's audit topic into a database of the test's own, with production settings. */
const runRebuild = (extra: string[] = []) =>
  runScript('scripts/audit-replay.mjs', ['--from', '2020-01-01T00:00:00Z', '--rebuild', '--db', rebuiltDatabase, '--force', ...extra], {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '0.0.0.0',
    // production refuses the development credentials unless given explicitly, as an operator gives the real ones
    KAFKA_SASL_USERNAME: kafkaUsername('admin'),
    KAFKA_SASL_PASSWORD: developmentKafkaPassword(kafkaUsername('admin')),
    AUDIT_VERIFY_PUBLIC_KEY: '',
  });

type StoredRecord = ChainedRecord & { _id: ObjectId; outbox_pending: boolean };

/**
 * The attacker's rewrite: `change` applied to each of the tenant's stored records in order (given the
 * rewritten chain's head before it; undefined deletes the record), every sequence, hash and previous_hash
 * recomputed with the chain code, each changed record replaced and the head document moved to the new end.
 */
async function rewriteAndRechain(
  tenant: string,
  change: (record: ChainedRecord, head: ChainHead) => ChainedRecord | undefined,
): Promise<void> {
  const stored = (await records().find({ tenant }).sort({ sequence: 1 }).toArray()).map(auditRecordOf) as unknown as StoredRecord[];
  let head: ChainHead = EMPTY_CHAIN;
  for (const original of stored) {
    const changed = change(original, head) as StoredRecord | undefined;
    if (!changed) {
      await records().deleteOne({ _id: original._id });
      continue;
    }
    const { _id, outbox_pending, sequence: _sequence, previous_hash: _previous, hash: _hash, ...content } = changed;
    const rechained = chainRecord(content, head);
    if (rechained.hash !== original.hash) await records().replaceOne({ _id }, storedAuditDocument({ ...rechained, outbox_pending }));
    head = rechained;
  }
  await heads().updateOne({ tenant }, { $set: { sequence: head.sequence, hash: head.hash } });
}

const forgeLead = (record: ChainedRecord): ChainedRecord => ({ ...record, payload: { ...record.payload, lead_id: 'LD-forged' } });

beforeAll(async () => {
  writeFileSync(publicKeyFile, TEST_VERIFY_KEY_PEM);
  writeFileSync(otherPublicKeyFile, OTHER_VERIFY_KEY_PEM);
  await stack.start(['gateway', 'audit']);
  auditUrl = stack.serviceUrl('audit');
  analyst = stack.token({ sub: 'analyst-1', tenant: 'acme', roles: ['analyst'] });
  crm = stack.token({ sub: 'crm-1', tenant: 'acme', roles: ['crm'] });
});

afterAll(async () => {
  await stack.database('audit').client.db(rebuiltDatabase).dropDatabase();
  await stack.close();
  rmSync(keyDirectory, { recursive: true, force: true });
});

/** What the verification route answers for acme's chain of the first tests: 7 records, 2 checkpoints signing up to 5. */
const ACME_INTACT = {
  tenant: 'acme',
  records: 7,
  intact: true,
  checkpoints: 2,
  signed_up_to: 5,
  verified_at: expect.any(String),
};

describe('signed checkpoints of the audit chain', () => {
  let firstCheckpoint: { sequence: number; head_hash: string; record_sequence: number };
  let secondCheckpoint: { sequence: number; record_sequence: number };

  it('signs the head on demand for analysts and admins, once per head, and lists the checkpoints', async () => {
    for (const lead of ['LD-1', 'LD-2', 'LD-3']) await upsertLead('acme', lead);
    const before = await chainOf('acme', 3);

    const taken = await call(auditUrl, 'POST', '/api/v1/audit/checkpoints', { token: analyst });
    expect(taken.status).toBe(201);
    expect(taken.body).toEqual({
      tenant: 'acme',
      sequence: 3,
      head_hash: before[2].hash,
      signed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      key_id: TEST_KEY_ID,
      signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/),
      record_sequence: 4,
    });
    firstCheckpoint = taken.body;
    const again = await call(auditUrl, 'POST', '/api/v1/audit/checkpoints', {
      token: stack.token({ sub: 'admin-1', tenant: 'acme', roles: ['admin'] }),
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(taken.body);

    const rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
    expect((await call(auditUrl, 'POST', '/api/v1/audit/checkpoints', { token: rep })).body.error.code).toBe('FORBIDDEN');
    const empty = await call(auditUrl, 'POST', '/api/v1/audit/checkpoints', {
      token: stack.token({ sub: 'a-9', tenant: 'empty-co', roles: ['analyst'] }),
    });
    expect(empty.status).toBe(409);
    expect(empty.body.error.code).toBe('INVALID_STATE');

    const listed = await call(auditUrl, 'GET', '/api/v1/audit/checkpoints', { token: analyst });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ items: [taken.body], next_cursor: null });
    const chain = await chainOf('acme', 4);
    expect(chain[3]).toMatchObject({
      sequence: 4,
      event_type: 'audit.checkpoint',
      previous_hash: before[2].hash,
      actor: { kind: 'user', id: 'analyst-1', role: 'analyst' },
    });
  });

  it('signs on its interval only the tenants whose head moved', async () => {
    const scheduler = (stack as unknown as { apps: Map<string, INestApplication> }).apps.get('audit')!.get(CheckpointScheduler);
    await upsertLead('acme', 'LD-4');
    await upsertLead('globex', 'LD-9');
    await chainOf('acme', 5);
    await chainOf('globex', 1);
    expect(await scheduler.checkpointOnce()).toBe(2);
    expect(await scheduler.checkpointOnce()).toBe(0);
    const acme = await chainOf('acme', 6);
    expect(acme[5]).toMatchObject({ sequence: 6, event_type: 'audit.checkpoint', actor: { kind: 'service', id: 'audit' } });
    expect(acme[5].payload).toEqual({ checkpoint: expect.objectContaining({ sequence: 5, head_hash: acme[4].hash, key_id: TEST_KEY_ID }) });
    secondCheckpoint = { sequence: 5, record_sequence: 6 };
    await upsertLead('acme', 'LD-5');
    await chainOf('acme', 7);
  });

  it('lists the latest checkpoint first when asked to, and pages on backwards', async () => {
    const listNewestFirst = (cursor?: string) =>
      call(auditUrl, 'GET', `/api/v1/audit/checkpoints?order=newest_first&limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: analyst });
    const latest = await listNewestFirst();
    expect(latest.status).toBe(200);
    expect(latest.body.items).toEqual([expect.objectContaining(secondCheckpoint)]);
    expect(latest.body.next_cursor).toEqual(expect.any(String));
    const before = await listNewestFirst(latest.body.next_cursor);
    expect(before.body).toEqual({ items: [expect.objectContaining(firstCheckpoint)], next_cursor: null });
    const unknownOrder = await call(auditUrl, 'GET', '/api/v1/audit/checkpoints?order=latest', { token: analyst });
    expect(unknownOrder.body.error.code).toBe('INVALID_REQUEST');
  });

  it('verifies every chain and checkpoint with the public key alone', async () => {
    const listed = await Promise.all(
      ['acme', 'globex'].map((tenant) =>
        call(auditUrl, 'GET', '/api/v1/audit/checkpoints', { token: stack.token({ sub: 'auditor', tenant, roles: ['analyst'] }) }),
      ),
    );
    writeFileSync(keptFile, listed.flatMap((page) => page.body.items.map((item: object) => `${JSON.stringify(item)}\n`)).join(''));
    const result = await runVerifier(['--checkpoints', keptFile]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`checkpoint key(s) from --public-key: ${TEST_KEY_ID}\n3 kept checkpoint(s) from ${keptFile}\n`);
    expect(result.stdout).toMatch(
      /tenant acme: 7 records, chain intact \(last sequence 7, hash [0-9a-f]{64}\), 2 kept checkpoint\(s\) matched; 2 checkpoint\(s\), signatures verified, last signed head at sequence 5, 1 record\(s\) after its checkpoint/,
    );
    expect(result.stdout).toMatch(
      /tenant globex: 2 records, chain intact .*; 1 checkpoint\(s\), signatures verified, last signed head at sequence 1, 0 record/,
    );
    expect(result.stdout).toContain(': 2 tenant chain(s), 9 record(s) and 3 checkpoint(s) checked, all intact\n');
    expect(result.code).toBe(0);

    // the same verification, of the caller's tenant only, on the audit service's route (the console test goes through the gateway)
    const verification = await call(auditUrl, 'GET', '/api/v1/audit/verification', { token: analyst });
    expect(verification.status).toBe(200);
    expect(verification.body).toEqual(ACME_INTACT);
    const rep = stack.token({ sub: 'rep-17', tenant: 'acme', roles: ['sales_rep'] });
    expect((await call(auditUrl, 'GET', '/api/v1/audit/verification', { token: rep })).status).toBe(403);
  });

  it('after a rotation of the signing key, verifies the checkpoints of the earlier key when given its public key', async () => {
    const rotatedKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const restartWith = async (settings: Record<string, string>) => {
      await stack.stopService('audit');
      await stack.startService('audit', settings);
      return (await call(stack.serviceUrl('audit'), 'GET', '/api/v1/audit/verification', { token: analyst })).body;
    };
    expect(await restartWith({ AUDIT_SIGNING_PRIVATE_KEY: rotatedKey })).toMatchObject({
      intact: false,
      first_break: { sequence: firstCheckpoint.record_sequence, kind: 'checkpoint_unknown_key' },
    });
    expect(
      await restartWith({ AUDIT_SIGNING_PRIVATE_KEY: rotatedKey, AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS: TEST_VERIFY_KEY_PEM }),
    ).toEqual(ACME_INTACT);
  });

  it('rebuilds a database from the audit topic only with a public key, and verifies its checkpoints with it', async () => {
    const rebuilt = () => stack.database('audit').client.db(rebuiltDatabase).collection('audit_records');
    const withoutKey = await runRebuild();
    expect(withoutKey.stderr).toContain('no checkpoint public key: give --public-key <file> or AUDIT_VERIFY_PUBLIC_KEY');
    expect(withoutKey.code).toBe(2);
    expect(await rebuilt().countDocuments({})).toBe(0);

    const otherKey = await runRebuild(['--public-key', otherPublicKeyFile]);
    expect(otherKey.stderr).toContain(`checkpoint key(s) from --public-key: ${OTHER_KEY_ID}\n`);
    expect(otherKey.stderr).toContain(
      `tenant acme: BROKEN at sequence ${firstCheckpoint.record_sequence}: checkpoint_unknown_key (expected one of key ids ${OTHER_KEY_ID}, found ${TEST_KEY_ID})\n`,
    );
    expect(otherKey.code).toBe(1);

    const signingKey = await runRebuild(['--public-key', publicKeyFile]);
    expect(signingKey.stderr).toContain(`rebuilt ${rebuiltDatabase} with 9 record(s)\n`);
    expect(signingKey.stderr).toMatch(
      /tenant acme: 7 records, chain intact .*; 2 checkpoint\(s\), signatures verified, last signed head at sequence 5, 1 record\(s\) after its checkpoint\n/,
    );
    expect(signingKey.stderr).toMatch(/tenant globex: 2 records, chain intact .*; 1 checkpoint\(s\), signatures verified/);
    expect(signingKey.code).toBe(0);
  }, 60_000);

  it('fails at the first checkpoint after a record rewritten and re-chained consistently', async () => {
    await stack.stopService('audit');
    // A record between the two checkpoints: the first still verifies, the second does not.
    await rewriteAndRechain('acme', (record) => (record.sequence === 5 ? forgeLead(record) : record));
    const rewritten = await storedChainOf('acme');
    expect(verifyChain('acme', rewritten)).toBeUndefined();
    const result = await runVerifier();
    expect(result.stdout).toMatch(
      new RegExp(
        `tenant acme: BROKEN at sequence ${secondCheckpoint.record_sequence}: checkpoint_head_mismatch \\(expected signed head acme#5 [0-9a-f]{64}, found chain head acme#5 ${rewritten[4].hash}\\)`,
      ),
    );
    expect(result.stdout).toContain(': 2 tenant chain(s), 8 record(s) and 2 checkpoint(s) checked, 1 broken\n');
    expect(result.code).toBe(1);
  });

  it('fails at the signature when the forger also rewrites the signed heads', async () => {
    // A record before both checkpoints, and each checkpoint's signed head set to the forged chain's.
    await rewriteAndRechain('acme', (record, head) => {
      if (record.sequence === 2) return forgeLead(record);
      if (record.event_type !== 'audit.checkpoint') return record;
      return { ...record, payload: { checkpoint: { ...(record.payload.checkpoint as object), head_hash: head.hash } } };
    });
    const forged = await storedChainOf('acme');
    expect(verifyChain('acme', forged)).toBeUndefined();
    expect((forged[firstCheckpoint.record_sequence - 1].payload.checkpoint as { head_hash: string }).head_hash).toBe(forged[2].hash);
    const result = await runVerifier();
    expect(result.stdout).toContain(
      `tenant acme: BROKEN at sequence ${firstCheckpoint.record_sequence}: checkpoint_signature_invalid (expected a signature by key ${TEST_KEY_ID}, found a signature that does not verify)\n`,
    );
    expect(result.code).toBe(1);
  });

  it('fails against kept checkpoints when the forger also deletes the checkpoint records, which the database alone cannot show', async () => {
    await rewriteAndRechain('acme', (record) => (record.event_type === 'audit.checkpoint' ? undefined : record));
    const forged = await storedChainOf('acme');
    expect(forged.map((record) => record.sequence)).toEqual([1, 2, 3, 4, 5]);
    const databaseOnly = await runVerifier();
    expect(databaseOnly.stdout).toMatch(/tenant acme: 5 records, chain intact \(last sequence 5, hash [0-9a-f]{64}\); no checkpoint\n/);
    expect(databaseOnly.code).toBe(0);
    const withKept = await runVerifier(['--checkpoints', keptFile]);
    expect(withKept.stdout).toContain(
      `tenant acme: BROKEN at sequence 3: kept_checkpoint_mismatch (expected signed head acme#3 ${firstCheckpoint.head_hash}, found chain head acme#3 ${forged[2].hash})\n`,
    );
    expect(withKept.code).toBe(1);
  });

  it('reports a tenant whose records were all deleted as truncated, from its chain head', async () => {
    const globexHead = await heads().findOne({ tenant: 'globex' });
    expect(globexHead?.sequence).toBe(2);
    await records().deleteMany({ tenant: 'globex' });
    const result = await runVerifier();
    expect(result.stdout).toContain(
      'tenant globex: BROKEN at sequence 1: truncated (expected records up to sequence 2, found last record is sequence 0)\n',
    );
    expect(result.stdout).toContain(': 2 tenant chain(s), 5 record(s) and 0 checkpoint(s) checked, 1 broken\n');
    expect(result.code).toBe(1);
  });
});
