// `npm run demo`: against a running system (npm start), upserts a few demo leads and runs the spec's example
// request end to end, printing each response.
import { compiled, say, SPEC_EXAMPLE_REQUEST } from './lib.mjs';

const { validateEnvironment, httpPort } = await compiled('libs/config/src/index.js');
const { signDevelopmentToken } = await compiled('libs/auth/src/index.js');
const environment = validateEnvironment(process.env);
const gatewayUrl = process.env.GATEWAY_URL ?? `http://127.0.0.1:${httpPort(environment, 'gateway')}`;
const sign = (sub, roles) =>
  signDevelopmentToken(
    { sub, tenant: 'acme', roles },
    { secret: environment.JWT_SECRET, issuer: environment.JWT_ISSUER, audience: environment.JWT_AUDIENCE },
  );
const crm = sign('crm-demo', ['crm']);
const rep = sign('rep-17', ['sales_rep']);

async function call(method, path, token, body) {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((error) => {
    say(`cannot reach ${gatewayUrl} (${error.cause?.code ?? error.message}); start the system with npm start first`);
    process.exit(1);
  });
  const text = await response.text();
  say(
    `${method} ${path} → ${response.status}${response.headers.get('x-recommendation-confidence') ? ` (confidence: ${response.headers.get('x-recommendation-confidence')})` : ''}`,
  );
  process.stdout.write(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  return response;
}

const demoLeads = [
  ['LD-2048', { first_name: 'Sarah', account_tier: 'mid-market', contacts: { email: 'sarah@example.com', phone: '+14155550123' } }],
  ['LD-2049', { first_name: 'Tomás', account_tier: 'enterprise', contacts: { email: 'tomas@example.com', phone: '+14155550124' } }],
  ['LD-2050', { first_name: 'Mei', account_tier: 'smb', contacts: { email: 'mei@example.com', phone: '+14155550125' } }],
];
for (const [leadId, lead] of demoLeads) {
  await call('PUT', `/api/v1/leads/${leadId}`, crm, {
    ...lead,
    owner_rep_id: 'rep-17',
    consent: { sms: true, email: true, phone_call: true },
  });
}

say("the spec's example request:");
await call('POST', '/api/v1/ai/followup/recommendation', rep, SPEC_EXAMPLE_REQUEST);
say('and one with too little history (the spec says: an error, not a low-confidence answer):');
await call('POST', '/api/v1/ai/followup/recommendation', rep, {
  lead_id: 'LD-2050',
  last_engagement_date: '2026-04-20',
  engagement_history: [{ type: 'email', outcome: 'opened' }],
});
