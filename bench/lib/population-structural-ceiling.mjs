// The best any estimator can do from a population-B lead's history: the Bayes posterior of each channel's
// response rate under B's own generator (persona mix, logit-normal spread, tenant offset, channel × daypart odds,
// the lead's own daypart), by importance sampling from the generator's prior and weighting each draw by the
// likelihood of the lead's logged replies and non-replies (at the logged hour's daypart, or over the reps'
// usual dayparts when the event has no timestamp). A ceiling, not a strategy: it knows the generator.
// The generator's tables are imported; the numbers it writes inline are restated here: the own-daypart mix
// (0.35 / 0.35 / 0.3), the spread 0.8 around the persona, the own daypart doubling the odds, the 0.97 cap.
import { CHANNELS, DAYPART_ODDS, DAYPARTS, PERSONA_MIX, PERSONAS, REP_DAYPARTS, TENANTS } from './population-structural.mjs';
import { seededRandom } from './random.mjs';

const OWN_DAYPART_MIX = { morning: 0.35, afternoon: 0.35, evening: 0.3 };
const SPREAD = 0.8;
const DRAWS = 2000;

const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const withOdds = (p, factor) => sigmoid(Math.log(p / (1 - p)) + Math.log(factor));
const daypartOf = (hour) => Object.entries(DAYPARTS).find(([, [from, to]]) => hour >= from && hour <= to)?.[0];

export function structuralPosteriorChannel(sample) {
  const { normal, pick } = seededRandom(Number(sample.id.slice(1)) + 1);
  const posterior = Object.fromEntries(CHANNELS.map((channel) => [channel, 0]));
  for (let draw = 0; draw < DRAWS; draw += 1) {
    const persona = pick(PERSONA_MIX[sample.tier]);
    const ownDaypart = pick(OWN_DAYPART_MIX);
    const base = Object.fromEntries(
      CHANNELS.map((channel) => [channel, sigmoid(PERSONAS[persona][channel] + TENANTS[sample.tenant].offset + SPREAD * normal())]),
    );
    const rateAt = (channel, daypart) =>
      Math.min(0.97, withOdds(base[channel], DAYPART_ODDS[channel][daypart] * (daypart === ownDaypart ? 2 : 1)));
    const atRepHours = (channel) =>
      Object.entries(REP_DAYPARTS).reduce((sum, [daypart, share]) => sum + share * rateAt(channel, daypart), 0);
    let logLikelihood = 0;
    for (const event of sample.input.engagement_history) {
      const rate = event.occurred_at ? rateAt(event.type, daypartOf(new Date(event.occurred_at).getUTCHours())) : atRepHours(event.type);
      logLikelihood += Math.log(event.outcome === 'replied' ? rate : 1 - rate);
    }
    const weight = Math.exp(logLikelihood);
    for (const channel of CHANNELS) posterior[channel] += weight * atRepHours(channel);
  }
  return CHANNELS.reduce((a, b) => (posterior[b] > posterior[a] ? b : a));
}
