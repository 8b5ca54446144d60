import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The short chaos run with two instances of every service (scripts/chaos.mjs --short --instances 2): real
 * processes, SIGKILL of one instance of each service in turn (delivery's mid-send) under a steady stream of
 * requests and approvals spread over both gateways. It counts what reached the leads from the stand-in SMTP
 * server, SMS API and call-task list, exits non-zero on any lost request, duplicate, lost approval, unexplained
 * message, request that waited out the reply timeout although its answer was there or audit chain that does not
 * verify, and prints the counts.
 */
it('loses nothing, delivers nothing twice and keeps no request waiting while one instance of each service is killed', () => {
  const root = join(__dirname, '../..');
  const result = spawnSync(process.execPath, [join(root, 'scripts/chaos.mjs'), '--short', '--instances', '2', '--no-build'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 420_000,
    env: { ...process.env, KAFKA_TOPIC_PREFIX: '', MONGO_DB_PREFIX: '' },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  // The counts say which check failed, and CI keeps only a part of what the test prints: the counts and the lists
  // of what went wrong come first, then the run's timeline, then its errors and last progress line (stderr).
  if (result.status !== 0) {
    const lines = result.stdout.split('\n');
    const counts = lines.filter((line) => line.startsWith('  '));
    const errors = result.stderr.split(/[\r\n]+/);
    const progress = errors.filter((line) => line.startsWith('[chaos]'));
    console.log(
      [
        ...counts,
        ...lines.filter((line) => !line.startsWith('  ')),
        ...errors.filter((line) => !line.startsWith('[chaos]')).slice(-30),
        ...progress.slice(-1),
      ].join('\n'),
    );
  }
  expect(output).toMatch(/2 instance\(s\) of every service/);
  expect(output).toMatch(/accepted, never answered \(lost\)\s+0\n/);
  expect(output).toMatch(/slow though answered in time \(instance routing\)\s+0\n/);
  expect(output).toMatch(/delivered once\s+[1-9]\d* \(/);
  expect(output).toMatch(/delivered twice or more \(duplicate\)\s+0\n/);
  expect(output).toMatch(/never delivered \(lost\)\s+0\n/);
  expect(output).toMatch(/received without a recognisable id \(unexplained\)\s+0\n/);
  expect(output).toMatch(/received for a recommendation never approved\s+0\n/);
  expect(output).toMatch(/audit chain of the tenant \(GET \/api\/v1\/audit\/verification\)\s+intact\n/);
  expect(result.status).toBe(0);
}, 480_000);
