// Population A: the bench's original population, whose structure matches the engine's channel estimator.
// Every lead has hidden per-channel response probabilities drawn from a Beta around its account tier's
// pattern; histories are sampled from them (no timestamps); responsiveness cools as exp(-days / 45); the
// activity summary names pricing and a demo with a probability that grows with the lead's propensity.
import { seededRandom } from './random.mjs';

export const CHANNELS = ['sms', 'email', 'phone_call'];
export const TIER_PATTERNS = {
  smb: { sms: 0.38, email: 0.16, phone_call: 0.1 },
  'mid-market': { sms: 0.22, email: 0.32, phone_call: 0.18 },
  enterprise: { sms: 0.08, email: 0.26, phone_call: 0.36 },
};
const TIERS = Object.keys(TIER_PATTERNS);
// How reps picked channels historically: not the best one, mostly email.
const HISTORICAL_CHANNEL_MIX = { email: 0.5, sms: 0.25, phone_call: 0.25 };
export const LEAD_CONCENTRATION = 6; // Beta(m·k, (1-m)·k) around the tier mean: leads differ from their tier
const COOLING_DAYS = 45;

export function betaPopulation(seed, count, now) {
  const { random, beta, pick } = seededRandom(seed);
  const makeLead = (index) => {
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
      tenant: 'tenant-a',
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
        last_engagement_date: new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10),
        engagement_history: history,
        recent_activity_summary: summary,
      },
    };
  };
  return Array.from({ length: count }, (_, index) => makeLead(index));
}

/**
 * The best any estimator can do from a lead's history here: the exact Beta posterior mean per channel under
 * the generator's own tier prior (a reply is a response, anything else is not). A ceiling, not a strategy.
 */
export function exactPosteriorChannel(sample) {
  const posterior = (channel) => {
    const events = sample.input.engagement_history.filter((event) => event.type === channel);
    const replies = events.filter((event) => event.outcome === 'replied').length;
    return (LEAD_CONCENTRATION * TIER_PATTERNS[sample.tier][channel] + replies) / (LEAD_CONCENTRATION + events.length);
  };
  return CHANNELS.reduce((a, b) => (posterior(b) > posterior(a) ? b : a));
}

/**
 * The best priority any estimator can give from what a request shows here: the exact posterior expectation of
 * the lead's propensity (its best channel's rate × the cooling) given its history (Beta posteriors per channel
 * under the tier prior), the days since its last engagement and which summary it got, by 1,000 seeded draws.
 * A ceiling, not a strategy.
 */
export function exactPosteriorPropensity(sample, now) {
  const { beta } = seededRandom(Number(sample.id.slice(1)) + 1);
  const daysAgo = Math.round((now.getTime() - new Date(sample.input.last_engagement_date).getTime()) / 86_400_000);
  const warmth = Math.exp(-daysAgo / COOLING_DAYS);
  const namedPricing = sample.input.recent_activity_summary.startsWith('Requested pricing');
  const counts = CHANNELS.map((channel) => {
    const events = sample.input.engagement_history.filter((event) => event.type === channel);
    return [channel, events.filter((event) => event.outcome === 'replied').length, events.length];
  });
  let weighted = 0;
  let total = 0;
  for (let draw = 0; draw < 1000; draw += 1) {
    const rates = counts.map(([channel, replies, attempts]) => {
      const prior = LEAD_CONCENTRATION * TIER_PATTERNS[sample.tier][channel];
      return beta(prior + replies, LEAD_CONCENTRATION - prior + attempts - replies);
    });
    const propensity = Math.max(...rates) * warmth;
    const likelihood = namedPricing ? Math.min(1, propensity * 1.5) : 1 - Math.min(1, propensity * 1.5);
    weighted += propensity * likelihood;
    total += likelihood;
  }
  return weighted / total;
}
