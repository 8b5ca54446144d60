// `npm start`: Kafka, FerretDB and Redis, a fresh build, then the five services as separate processes with
// prefixed output (coloured one-liners at a terminal, JSON otherwise). Prints the gateway and console URLs,
// development tokens and curl lines. Ctrl-C stops everything.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { compiled, infra, infraRunning, run, say, SERVICES, spawn, ROOT, SPEC_EXAMPLE_REQUEST, terminate } from './lib.mjs';

const COLORS = [36, 35, 33, 32, 34];
const startedInfra = !infraRunning();
if (infra('up') !== 0) process.exit(1);
say('compiling…');
if (run('npm', ['run', '-s', 'build']) !== 0) process.exit(1);

const { validateEnvironment, httpPort } = await compiled('libs/config/src/index.js');
// Said explicitly: the built-in development JWT secret is accepted only with NODE_ENV development or test.
process.env.NODE_ENV ||= 'development';
// The gateway's rate limits in the Redis infra.sh started, as they would be with several gateways.
process.env.RATE_LIMIT_REDIS_URL ||= process.env.REDIS_URL || 'redis://127.0.0.1:6380';
const { signDevelopmentToken } = await compiled('libs/auth/src/index.js');
const environment = validateEnvironment(process.env);
const { provisionBus } = createRequire(import.meta.url)('./process-stack.cjs');
await provisionBus(process.env).catch((error) => {
  say(`could not provision the Kafka topics and ACLs: ${error.message}`);
  process.exit(1);
});

// Nest's start-up chatter: a line per module, route and controller before anything happens.
const STARTUP_NOISE = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/**
 * For a person at a terminal (and no LOG_FILE): the services' JSON lines as coloured one-liners by pino-pretty,
 * without Nest's start-up chatter. Otherwise the JSON lines as they are.
 */
function logLineFormatter() {
  if (!process.stdout.isTTY || process.env.LOG_FILE) return (line) => line;
  const prettify = createRequire(import.meta.url)('pino-pretty').prettyFactory({
    colorize: true,
    messageKey: 'message',
    timestampKey: 'timestamp',
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
    ignore: 'service,pid,hostname,req,res,responseTime,context',
    messageFormat: '{message}{if req.method} {req.method} {req.url} {res.status_code}{end}',
  });
  return (line) => {
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      return line;
    }
    if (STARTUP_NOISE.has(entry.context)) return undefined;
    return prettify(entry).trimEnd();
  };
}
const formatLine = logLineFormatter();

const children = SERVICES.map((service, index) => {
  const child = spawn(process.execPath, ['--enable-source-maps', `dist/apps/${service}/src/main.js`], {
    cwd: ROOT,
    env: { KAFKAJS_NO_PARTITIONER_WARNING: '1', ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\x1b[${COLORS[index]}m${service.padEnd(11)}|\x1b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      const shown = formatLine(line);
      if (shown !== undefined) process.stdout.write(prefix + shown + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${service} exited (${signal ?? code}); stopping everything`);
      void stop(1);
    }
  });
  return child;
});

let stopping = false;
async function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  say('stopping services…');
  await Promise.all(children.map(terminate));
  if (startedInfra) infra('down');
  process.exit(exitCode);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const gatewayUrl = `http://127.0.0.1:${httpPort(environment, 'gateway')}`;
const deadline = Date.now() + 90_000;
for (;;) {
  const ready = await fetch(`${gatewayUrl}/health/ready`).then(
    (response) => response.ok,
    () => false,
  );
  if (ready) break;
  if (Date.now() > deadline) {
    say('the gateway did not become ready within 90 s');
    await stop(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}

const sign = (sub, roles) =>
  signDevelopmentToken(
    { sub, tenant: 'acme', roles },
    { secret: environment.JWT_SECRET, issuer: environment.JWT_ISSUER, audience: environment.JWT_AUDIENCE, expiresInSeconds: 8 * 3600 },
  );
const crmToken = sign('crm-dev', ['crm']);
const repToken = sign('rep-17', ['sales_rep']);
const lead = JSON.stringify({
  first_name: 'Sarah',
  account_tier: 'mid-market',
  owner_rep_id: 'rep-17',
  contacts: { email: 'sarah@example.com', phone: '+14155550123' },
  consent: { sms: true, email: true, phone_call: true },
});
const request = JSON.stringify(SPEC_EXAMPLE_REQUEST);
process.stdout.write(`
────────────────────────────────────────────────────────────────────────
 Followup is running.   Gateway: ${gatewayUrl}   API docs: ${gatewayUrl}/api/docs
 Review console: ${gatewayUrl}/console/   (hot reload while editing it: npm run console:dev, then http://127.0.0.1:5173/console/)
 CRM token (tenant acme):          ${crmToken}
 Sales rep token (rep-17, acme):   ${repToken}

 1) register the lead:
 curl -s -X PUT ${gatewayUrl}/api/v1/leads/LD-2048 -H 'Authorization: Bearer ${crmToken}' -H 'Content-Type: application/json' -d '${lead}'

 2) ask for the spec's example recommendation:
 curl -s -X POST ${gatewayUrl}/api/v1/ai/followup/recommendation -H 'Authorization: Bearer ${repToken}' -H 'Content-Type: application/json' -H 'Accept: application/json' -d '${request}'

 Ctrl-C stops everything.
────────────────────────────────────────────────────────────────────────
`);
