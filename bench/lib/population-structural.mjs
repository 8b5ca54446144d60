// Population B: written before the learned model was tuned and not changed after its results were seen
// (docs/PROOF.md says so). Its structure differs from the engine's assumptions on purpose:
// - leads belong to latent personas (texter, emailer, caller, ghost) mixed by tier, not to a tier pattern;
//   per-channel response rates are logit-normal around the persona (not Beta), shifted per tenant;
// - channel × time of day: each channel works differently in the morning, afternoon and evening, and each
//   lead has a daypart it answers in; history events carry timestamps at the hours reps called;
// - responsiveness does not cool exponentially: a lead goes dark after a lead-specific number of days
//   (log-normal, median 50) and then barely answers; long-contacted leads with no reply are fatigued;
// - intent is written in a phrase bank of its own, with negations ("no budget this year") and disinterest;
// - three tenants whose reps favour different channels.
import { seededRandom } from './random.mjs';

export const CHANNELS = ['sms', 'email', 'phone_call'];
const TIERS = ['smb', 'mid-market', 'enterprise'];
export const TENANTS = {
  'tenant-north': { offset: 0.2, habits: { email: 0.6, sms: 0.2, phone_call: 0.2 } },
  'tenant-south': { offset: -0.3, habits: { email: 0.2, sms: 0.2, phone_call: 0.6 } },
  'tenant-east': { offset: 0, habits: { email: 0.34, sms: 0.33, phone_call: 0.33 } },
};
export const PERSONAS = {
  texter: { sms: 0.0, email: -2.2, phone_call: -2.0 },
  emailer: { sms: -2.4, email: -0.4, phone_call: -1.8 },
  caller: { sms: -2.0, email: -1.6, phone_call: 0.1 },
  ghost: { sms: -3.2, email: -2.8, phone_call: -3.0 },
};
export const PERSONA_MIX = {
  smb: { texter: 0.45, emailer: 0.2, caller: 0.15, ghost: 0.2 },
  'mid-market': { texter: 0.25, emailer: 0.35, caller: 0.2, ghost: 0.2 },
  enterprise: { texter: 0.1, emailer: 0.35, caller: 0.35, ghost: 0.2 },
};
export const DAYPARTS = { morning: [8, 11], afternoon: [12, 16], evening: [17, 21] };
// How well each channel works in each daypart, multiplying the odds; the lead's own daypart doubles them.
export const DAYPART_ODDS = {
  sms: { morning: 0.6, afternoon: 0.9, evening: 1.8 },
  email: { morning: 1.6, afternoon: 1.0, evening: 0.5 },
  phone_call: { morning: 1.0, afternoon: 1.4, evening: 0.25 },
};
// When reps send the next follow-up (and sent the past ones): business hours, rarely evenings.
export const REP_DAYPARTS = { morning: 0.45, afternoon: 0.45, evening: 0.1 };
const POSITIVE_PHRASES = [
  'Asked about licensing costs for the whole department.',
  'Wants a walkthrough for her team next week.',
  'Is comparing us with two other vendors and asked for references.',
  'Wants to start a pilot next quarter.',
  'Asked when onboarding could begin.',
  'Forwarded our deck to their CFO.',
  'Booked time to see the product in action.',
  'Requested a quote for 40 seats.',
  'Asked how many seats the enterprise plan includes.',
  'Their procurement team asked for our security questionnaire.',
];
const NEGATIVE_PHRASES = [
  'No budget this year.',
  'Not looking at new tools until next fiscal year.',
  'Said they are not interested in a demo right now.',
  'Chose another vendor last month.',
  'Asked to be removed from the mailing list.',
  'Pricing is not a priority for them at the moment.',
  'Has no plans to purchase anything this year.',
];
const NEUTRAL_PHRASES = [
  'Attended a webinar.',
  'Downloaded the newsletter.',
  'Updated their job title on the profile.',
  'Out of office reply received.',
  'Visited the blog twice.',
  'Changed companies recently.',
];

const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const logit = (p) => Math.log(p / (1 - p));
const withOdds = (p, factor) => sigmoid(logit(p) + Math.log(factor));

export function structuralPopulation(seed, count, now) {
  const { random, normal, pick, oneOf } = seededRandom(seed);
  const tenantNames = Object.keys(TENANTS);
  const hourIn = (daypart) => {
    const [from, to] = DAYPARTS[daypart];
    return from + Math.floor(random() * (to - from + 1));
  };
  const makeLead = (index) => {
    const tenant = oneOf(tenantNames);
    const tier = oneOf(TIERS);
    const persona = pick(PERSONA_MIX[tier]);
    const ownDaypart = pick({ morning: 0.35, afternoon: 0.35, evening: 0.3 });
    const base = Object.fromEntries(CHANNELS.map((channel) => [channel, sigmoid(PERSONAS[persona][channel] + TENANTS[tenant].offset + 0.8 * normal())]));
    const rateAt = (channel, daypart) => Math.min(0.97, withOdds(base[channel], DAYPART_ODDS[channel][daypart] * (daypart === ownDaypart ? 2 : 1)));
    // What a follow-up on a channel yields when reps send it at their usual hours.
    const truth = Object.fromEntries(
      CHANNELS.map((channel) => [channel, Object.entries(REP_DAYPARTS).reduce((sum, [daypart, share]) => sum + share * rateAt(channel, daypart), 0)]),
    );
    const best = CHANNELS.reduce((a, b) => (truth[b] > truth[a] ? b : a));

    const darkAfterDays = Math.exp(Math.log(50) + 0.6 * normal());
    const daysSinceLast = random() < 0.4 ? Math.floor(random() * 20) : Math.floor(-Math.log(random() || 1e-12) * 60);
    const events = 1 + Math.floor(random() * 12);
    const tenureDays = daysSinceLast + events * (3 + Math.floor(random() * 20)) + Math.floor(random() * 200);
    let replies = 0;
    const history = [];
    for (let i = 0; i < events; i += 1) {
      const daysBeforeLast = i === events - 1 ? 0 : Math.floor(((events - 1 - i) / events) * (tenureDays - daysSinceLast));
      const daypart = pick(REP_DAYPARTS);
      const hour = hourIn(daypart);
      const at = new Date(now.getTime() - (daysSinceLast + daysBeforeLast) * 86_400_000);
      at.setUTCHours(hour, Math.floor(random() * 60), 0, 0);
      const channel = pick(TENANTS[tenant].habits);
      const replied = random() < rateAt(channel, daypart);
      if (replied) replies += 1;
      const outcome = replied
        ? 'replied'
        : random() < 0.03
          ? 'bounced'
          : channel === 'email'
            ? random() < 0.4
              ? 'opened'
              : 'delivered'
            : channel === 'sms'
              ? random() < 0.5
                ? 'delivered'
                : 'no_response'
              : 'no_response';
      // reps log only some timestamps: a third of the events come without one
      history.push({ type: channel, outcome, ...(random() < 0.67 ? { occurred_at: at.toISOString() } : {}) });
    }

    const intent = random() < 0.25 ? 'positive' : random() < 0.25 ? 'negative' : 'neutral';
    const summary = oneOf(intent === 'positive' ? POSITIVE_PHRASES : intent === 'negative' ? NEGATIVE_PHRASES : NEUTRAL_PHRASES);
    const alive = daysSinceLast < darkAfterDays;
    const fatigue = replies === 0 && events >= 6 ? 0.5 : 1;
    const intentOdds = intent === 'positive' ? 2.5 : intent === 'negative' ? 0.3 : 1;
    const freshness = tenureDays < 30 ? 1.5 : tenureDays > 365 ? 0.7 : 1;
    const propensity = withOdds(Math.min(0.95, alive ? truth[best] : 0.04), intentOdds * fatigue * freshness);
    return {
      id: `S${index}`,
      tenant,
      tier,
      truth,
      best,
      ownDaypart,
      respondsNext: random() < propensity,
      lead: { lead_id: `S${index}`, first_name: 'Lead', account_tier: tier, owner_rep_id: 'rep', consent: { sms: true, email: true, phone_call: true } },
      input: {
        account_tier: tier,
        last_engagement_date: new Date(now.getTime() - daysSinceLast * 86_400_000).toISOString().slice(0, 10),
        engagement_history: history,
        recent_activity_summary: summary,
      },
    };
  };
  return Array.from({ length: count }, (_, index) => makeLead(index));
}
