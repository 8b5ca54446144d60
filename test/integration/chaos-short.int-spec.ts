import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The short chaos run (scripts/chaos.mjs --short): real processes, SIGKILL of the recommender, compliance
 * and delivery (mid-send) under a steady stream of requests and approvals. It counts what reached the leads
 * from the stand-in SMTP server, SMS API and call-task list, exits non-zero on any lost request, duplicate,
 * lost approval or unexplained message, and prints the counts.
 */
it('loses nothing and delivers nothing twice while services are killed with SIGKILL', () => {
  const root = join(__dirname, '../..');
  const result = spawnSync(process.execPath, [join(root, 'scripts/chaos.mjs'), '--short', '--no-build'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 420_000,
    env: { ...process.env, KAFKA_TOPIC_PREFIX: '', MONGO_DB_PREFIX: '' },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  expect(output).toMatch(/accepted, never answered \(lost\)\s+0\n/);
  expect(output).toMatch(/delivered once\s+[1-9]\d* \(/);
  expect(output).toMatch(/delivered twice or more \(duplicate\)\s+0\n/);
  expect(output).toMatch(/never delivered \(lost\)\s+0\n/);
  expect(output).toMatch(/received without a recognisable id \(unexplained\)\s+0\n/);
  expect(output).toMatch(/received for a recommendation never approved\s+0\n/);
  expect(result.status).toBe(0);
}, 480_000);
