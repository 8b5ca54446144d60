// `npm run audit:erase -- --lead <id> --tenant <id> [--timeout-seconds <n>]`: asks every service, on the
// erasure topic and as the admin principal, to erase the lead's contact data and restricted texts, and waits for
// each service's confirmation (printed as it arrives, with counts per store). The audit trail chains the request
// and every confirmation; the chain still verifies (`npm run audit:verify`), since it holds only digests of the
// erased texts. Exit code 0 when every service confirmed, 1 on a timeout (naming the services that did not), 2
// on a usage error.
import { compiled, parseFlags } from './lib.mjs';

const USAGE = 'usage: npm run audit:erase -- --lead <id> --tenant <id> [--timeout-seconds <n>]\n';
const flags = parseFlags(process.argv.slice(2));
const { validateEnvironment } = await compiled('libs/config/src/index.js');
const { kafkaClientConfig } = await compiled('libs/messaging/src/index.js');
const erasure = await compiled('apps/audit/src/erasure/index.js');

let request;
try {
  request = erasure.erasureRequestOf(flags);
} catch (error) {
  process.stderr.write(`${error.message}\n${USAGE}`);
  process.exit(2);
}
const environment = validateEnvironment(process.env);
const result = await erasure.requestErasure({
  ...request,
  client: kafkaClientConfig(environment, 'admin', 'followup-audit-erase'),
  namespace: environment,
  onProgress: (line) => process.stdout.write(`${line}\n`),
});
if (result.complete) {
  process.stdout.write(`erasure ${result.erasure_id}: every service confirmed\n`);
} else {
  process.stderr.write(
    `erasure ${result.erasure_id}: timed out after ${request.timeoutMs / 1000} s; no confirmation from ${result.missing.join(', ')}. ` +
      'The request stays on the topic: those services erase when they next run. Run the command again to wait for them.\n',
  );
}
process.exitCode = result.complete ? 0 : 1;
