// `npm run bench:quality`: how good are the engine's channel predictions and priority scores?
//
// A seeded synthetic population (documented below) where every lead has hidden per-channel response
// probabilities drawn around its account tier's pattern. Engagement histories are sampled from them. The
// engine learns its tenant-and-tier priors from the training leads' outcomes and is measured on held-out
// leads against the hidden truth, beside two baselines computed in the same run.
import { compiled, parseFlags, say } from '../scripts/lib.mjs';

const flags = parseFlags(process.argv.slice(2));
const SEED = Number(flags.seed ?? 20261125);
const LEADS = Number(flags.leads ?? 6000);
const TRAIN_SHARE = 0.7;
const NOW = new Date('2026-11-25T00:00:00Z');
const CHANNELS = ['sms', 'email', 'phone_call'];

// Tier patterns: the mean response probability per channel for the tier's leads.
const TIER_PATTERNS = {
  smb: { sms: 0.38, email: 0.16, phone_call: 0.1 },
  'mid-market': { sms: 0.22, email: 0.32, phone_call: 0.18 },
  enterprise: { sms: 0.08, email: 0.26, phone_call: 0.36 },
};
const TIERS = Object.keys(TIER_PATTERNS);
// How reps picked channels historically: not the best one, mostly email.
const HISTORICAL_CHANNEL_MIX = { email: 0.5, sms: 0.25, phone_call: 0.25 };
const LEAD_CONCENTRATION = 6; // Beta(m·k, (1-m)·k) around the tier mean: leads differ from their tier
const COOLING_DAYS = 45; // a lead's responsiveness decays as exp(-days since last engagement / 45)

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
function gamma(shape) {
  if (shape < 1) return gamma(shape + 1) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x;
    let v;
    do {
      const u1 = random();
      const u2 = random();
      x = Math.sqrt(-2 * Math.log(u1 || 1e-12)) * Math.cos(2 * Math.PI * u2);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
const beta = (a, b) => {
  const x = gamma(a);
  return x / (x + gamma(b));
};
const pick = (weights) => {
  let r = random();
  for (const [key, weight] of Object.entries(weights)) if ((r -= weight) <= 0) return key;
  return Object.keys(weights).at(-1);
};

function makeLead(index) {
  const tier = TIERS[Math.floor(random() * TIERS.length)];
  const truth = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      beta(TIER_PATTERNS[tier][channel] * LEAD_CONCENTRATION, (1 - TIER_PATTERNS[tier][channel]) * LEAD_CONCENTRATION),
    ]),
  );
  const daysAgo = Math.floor(random() * 120);
  const warmth = Math.exp(-daysAgo / COOLING_DAYS);
  const events = 2 + Math.floor(random() * 7);
  const history = Array.from({ length: events }, () => {
    const channel = pick(HISTORICAL_CHANNEL_MIX);
    const responded = random() < truth[channel];
    return { type: channel, outcome: responded ? 'replied' : random() < 0.3 ? 'opened' : 'no_response' };
  });
  const best = CHANNELS.reduce((a, b) => (truth[b] > truth[a] ? b : a));
  const propensity = truth[best] * warmth;
  const summary = random() < propensity * 1.5 ? 'Requested pricing information during product demo.' : 'Read the newsletter.';
  return {
    id: `L${index}`,
    tier,
    truth,
    best,
    respondsNext: random() < propensity,
    lead: {
      lead_id: `L${index}`,
      first_name: 'Lead',
      account_tier: tier,
      owner_rep_id: 'rep',
      consent: { sms: true, email: true, phone_call: true },
    },
    input: {
      account_tier: tier,
      last_engagement_date: new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10),
      engagement_history: history,
      recent_activity_summary: summary,
    },
  };
}

function auc(scores, labels) {
  const pairs = scores.map((score, i) => [score, labels[i]]).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < pairs.length;) {
    let j = i;
    while (j < pairs.length && pairs[j][0] === pairs[i][0]) j += 1;
    const averageRank = (i + j + 1) / 2;
    for (let k = i; k < j; k += 1) if (pairs[k][1]) ((rankSum += averageRank), (positives += 1));
    i = j;
  }
  const negatives = pairs.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const { analyzeLead } = await compiled('apps/recommender/src/engine/lead-analysis.js');
const { RESPONSE_CREDIT } = await compiled('apps/recommender/src/engine/channel-ranking.js');

const population = Array.from({ length: LEADS }, (_, index) => makeLead(index));
const training = population.slice(0, Math.floor(LEADS * TRAIN_SHARE));
const heldOut = population.slice(training.length);

// What the recommender's channel_observations hold after the CRM logged the training leads' outcomes.
const tierHistory = Object.fromEntries(
  TIERS.map((tier) => [tier, Object.fromEntries(CHANNELS.map((channel) => [channel, { responses: 0, attempts: 0 }]))]),
);
for (const { tier, input } of training) {
  for (const event of input.engagement_history) {
    tierHistory[tier][event.type].responses += RESPONSE_CREDIT[event.outcome];
    tierHistory[tier][event.type].attempts += 1;
  }
}

const lastReplyChannel = (history) => [...history].reverse().find((event) => event.outcome === 'replied')?.type;
const mostFrequentChannel = (history) => {
  const counts = Object.fromEntries(CHANNELS.map((channel) => [channel, 0]));
  for (const event of history) counts[event.type] += 1;
  return CHANNELS.reduce((a, b) => (counts[b] > counts[a] ? b : a));
};
const replyShare = (history) => history.filter((event) => event.outcome === 'replied').length / history.length;

const strategies = {
  'engine (priors learned)': (sample) => {
    const analysis = analyzeLead(sample.lead, sample.input, NOW, tierHistory[sample.tier], 4);
    return { channel: analysis.channel.channel, priority: analysis.priority.score };
  },
  'engine (no priors)': (sample) => {
    const analysis = analyzeLead(sample.lead, sample.input, NOW);
    return { channel: analysis.channel.channel, priority: analysis.priority.score };
  },
  'baseline: last channel that got a reply': (sample) => ({
    channel: lastReplyChannel(sample.input.engagement_history) ?? mostFrequentChannel(sample.input.engagement_history),
    priority: replyShare(sample.input.engagement_history),
  }),
  'baseline: most frequent channel': (sample) => ({
    channel: mostFrequentChannel(sample.input.engagement_history),
    priority: sample.input.engagement_history.length,
  }),
};

const oracleRate = heldOut.reduce((sum, sample) => sum + sample.truth[sample.best], 0) / heldOut.length;
const rows = Object.entries(strategies).map(([name, strategy]) => {
  const decisions = heldOut.map(strategy);
  const accuracy = decisions.filter((decision, i) => decision.channel === heldOut[i].best).length / heldOut.length;
  const expectedRate = decisions.reduce((sum, decision, i) => sum + heldOut[i].truth[decision.channel], 0) / heldOut.length;
  return {
    name,
    accuracy,
    expectedRate,
    ofOracle: expectedRate / oracleRate,
    auc: auc(
      decisions.map((decision) => decision.priority),
      heldOut.map((sample) => sample.respondsNext),
    ),
  };
});

say(`synthetic population: ${LEADS} leads (seed ${SEED}), ${training.length} to learn priors from, ${heldOut.length} held out`);
const pct = (value) => `${(value * 100).toFixed(1)}%`.padStart(9);
process.stdout.write(
  `\n${'strategy'.padEnd(42)} ${'channel acc'.padStart(11)} ${'exp. resp.'.padStart(10)} ${'of oracle'.padStart(9)} ${'AUC'.padStart(6)}\n`,
);
for (const row of rows) {
  process.stdout.write(
    `${row.name.padEnd(42)} ${pct(row.accuracy).padStart(11)} ${pct(row.expectedRate).padStart(10)} ${pct(row.ofOracle)} ${row.auc.toFixed(3).padStart(6)}\n`,
  );
}
process.stdout.write(`${'oracle (hidden best channel)'.padEnd(42)} ${pct(1).padStart(11)} ${pct(oracleRate).padStart(10)} ${pct(1)}\n\n`);

const engine = rows[0];
const baselines = rows.filter((row) => row.name.startsWith('baseline'));
const beaten = baselines.every(
  (baseline) => engine.accuracy > baseline.accuracy && engine.expectedRate > baseline.expectedRate && engine.auc > baseline.auc,
);
say(beaten ? 'the engine beats both baselines on accuracy, expected response rate and AUC' : 'the engine does NOT beat both baselines');
process.exit(beaten ? 0 : 1);
