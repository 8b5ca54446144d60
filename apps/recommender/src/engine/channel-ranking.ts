import { Channel, CHANNELS, ChannelScore, EngagementEvent, Outcome } from '@followup/contracts';

/** The hyperprior before any data at all: Beta(1, 2), a response rate of 1/3. */
export const BASE_PRIOR = { alpha: 1, beta: 2 };

/**
 * How much of a "response" each outcome counts as for the priority model's features; the rest counts as a
 * non-response. The channel estimator counts replies only: an open says the message arrived, not that the lead answers.
 */
export const RESPONSE_CREDIT: Record<Outcome, number> = { replied: 1, opened: 0.4, delivered: 0, no_response: 0, bounced: 0 };

export type ChannelConsentFlags = Record<Channel, boolean>;

/**
 * What the tenant's leads of one account tier did on one channel: replies over attempts and, once enough of
 * them were tried there, `strength`: how many observations the tier's rate is worth against a lead's own,
 * learned from how much the leads' own reply rates differ (empirical Bayes).
 */
export interface ChannelPrior {
  responses: number;
  attempts: number;
  strength?: number;
}
export type ChannelHistory = Record<Channel, ChannelPrior>;

export const NO_HISTORY: ChannelHistory = {
  sms: { responses: 0, attempts: 0 },
  email: { responses: 0, attempts: 0 },
  phone_call: { responses: 0, attempts: 0 },
};

/** Leads tried on a channel below which the prior's strength is not estimated (the configured one is used). */
export const MIN_LEADS_FOR_STRENGTH = 30;
/** The learned strength is kept within these bounds (a handful of leads with identical rates would make it infinite). */
export const STRENGTH_BOUNDS = { min: 0.5, max: 200 };

/** One lead's replies and attempts on one channel. */
export interface LeadChannelCount {
  replies: number;
  attempts: number;
}

/**
 * Empirical Bayes by the method of moments (Kleinman 1973): with per-lead reply rates y_i = x_i / n_i and the
 * pooled rate p, S = Σ n_i (y_i − p)² has expectation p(1 − p)[(k − 1) + ρ(N − k − Σn_i²/N + 1)] when each
 * lead's rate is drawn from a Beta around p whose intra-lead correlation is ρ = 1 / (1 + strength); solved for ρ.
 * Undefined with fewer than MIN_LEADS_FOR_STRENGTH leads or a pooled rate of 0 or 1.
 */
export function empiricalPriorStrength(counts: LeadChannelCount[]): number | undefined {
  const leads = counts.filter((count) => count.attempts > 0);
  if (leads.length < MIN_LEADS_FOR_STRENGTH) return undefined;
  const attempts = leads.reduce((sum, lead) => sum + lead.attempts, 0);
  const pooled = leads.reduce((sum, lead) => sum + lead.replies, 0) / attempts;
  if (pooled <= 0 || pooled >= 1) return undefined;
  const spread = leads.reduce((sum, lead) => sum + lead.attempts * (lead.replies / lead.attempts - pooled) ** 2, 0);
  const pairs = attempts - leads.length - leads.reduce((sum, lead) => sum + lead.attempts ** 2, 0) / attempts + 1;
  if (pairs <= 0) return undefined;
  const correlation = (spread / (pooled * (1 - pooled)) - (leads.length - 1)) / pairs;
  const strength = correlation > 0 ? 1 / correlation - 1 : STRENGTH_BOUNDS.max;
  return Math.min(STRENGTH_BOUNDS.max, Math.max(STRENGTH_BOUNDS.min, strength));
}

/** One outcome of one attempt on a lead, as the tier prior is built from. */
export interface LeadOutcome {
  lead_id: string;
  channel: Channel;
  replied: boolean;
}

/** The tier's prior per channel from its leads' outcomes: totals, and the empirical-Bayes strength where it can be estimated. */
export function channelHistoryOf(outcomes: Iterable<LeadOutcome>): ChannelHistory {
  const perLead = Object.fromEntries(CHANNELS.map((channel) => [channel, new Map<string, LeadChannelCount>()])) as Record<
    Channel,
    Map<string, LeadChannelCount>
  >;
  for (const { lead_id, channel, replied } of outcomes) {
    const count = perLead[channel].get(lead_id) ?? { replies: 0, attempts: 0 };
    count.attempts += 1;
    if (replied) count.replies += 1;
    perLead[channel].set(lead_id, count);
  }
  return Object.fromEntries(
    CHANNELS.map((channel) => {
      const leads = [...perLead[channel].values()];
      const strength = empiricalPriorStrength(leads);
      return [
        channel,
        {
          responses: leads.reduce((sum, lead) => sum + lead.replies, 0),
          attempts: leads.reduce((sum, lead) => sum + lead.attempts, 0),
          ...(strength === undefined ? {} : { strength: Math.round(strength * 1000) / 1000 }),
        },
      ];
    }),
  ) as ChannelHistory;
}

/** The tier's reply rate per channel, smoothed by the base prior. */
export function tierResponseRate(history: ChannelHistory, channel: Channel): number {
  const { responses, attempts } = history[channel];
  return (BASE_PRIOR.alpha + responses) / (BASE_PRIOR.alpha + BASE_PRIOR.beta + attempts);
}

/**
 * Per-channel reply probability as the mean of a Beta posterior: a prior centred on the tenant-and-tier reply
 * rate, worth the tier's learned strength on that channel (else `priorStrength`) in observations, updated with
 * this lead's own replies and attempts on the channel.
 * Best first; channels without consent stay in the ranking (for the record) but are flagged.
 */
export function rankChannels(
  history: EngagementEvent[],
  consent: ChannelConsentFlags,
  tierHistory: ChannelHistory = NO_HISTORY,
  priorStrength = BASE_PRIOR.alpha + BASE_PRIOR.beta,
): ChannelScore[] {
  const scores = CHANNELS.map((channel) => {
    const onChannel = history.filter((event) => event.type === channel);
    const replies = onChannel.filter((event) => event.outcome === 'replied').length;
    const priorMean = tierResponseRate(tierHistory, channel);
    const strength = tierHistory[channel].strength ?? priorStrength;
    const weight = strength + onChannel.length;
    const probability = weight === 0 ? priorMean : (strength * priorMean + replies) / weight;
    return { channel, response_probability: Math.round(probability * 1000) / 1000, consented: consent[channel] };
  });
  return scores.sort(
    (a, b) => b.response_probability - a.response_probability || CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel),
  );
}

export function bestConsentedChannel(ranking: ChannelScore[]): ChannelScore | undefined {
  return ranking.find((score) => score.consented);
}
