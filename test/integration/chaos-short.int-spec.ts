import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The short chaos run (scripts/chaos.mjs --short): real processes, SIGKILL of the recommender, compliance
 * and delivery under a steady stream of requests and approvals. It exits non-zero on any loss, duplicate
 * delivery or approval left unsettled, and prints the counts.
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
  expect(output).toMatch(/lost \(accepted, never answered\)\s+0\n/);
  expect(output).toMatch(/duplicate deliveries\s+0\n/);
  expect(output).toMatch(/approvals undelivered \(stuck\)\s+0\n/);
  expect(output).toMatch(/approvals delivered\s+[1-9]\d*\n/);
  expect(result.status).toBe(0);
}, 480_000);
