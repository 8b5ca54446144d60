import { Channel, CHANNELS, ChannelScore, EngagementEvent, Outcome } from '@followup/contracts';

/** The hyperprior before any data at all: Beta(1, 2), a response rate of 1/3. */
export const BASE_PRIOR = { alpha: 1, beta: 2 };

/** How much of a "response" each outcome counts as; the rest counts as a non-response. */
export const RESPONSE_CREDIT: Record<Outcome, number> = { replied: 1, opened: 0.4, delivered: 0, no_response: 0, bounced: 0 };

export type ChannelConsentFlags = Record<Channel, boolean>;

/** What the tenant's leads of one account tier did on each channel: summed response credit over attempts. */
export type ChannelHistory = Record<Channel, { responses: number; attempts: number }>;

export const NO_HISTORY: ChannelHistory = {
  sms: { responses: 0, attempts: 0 },
  email: { responses: 0, attempts: 0 },
  phone_call: { responses: 0, attempts: 0 },
};

/** The tier's response rate per channel, smoothed by the base prior. */
export function tierResponseRate(history: ChannelHistory, channel: Channel): number {
  const { responses, attempts } = history[channel];
  return (BASE_PRIOR.alpha + responses) / (BASE_PRIOR.alpha + BASE_PRIOR.beta + attempts);
}

/**
 * Per-channel response probability as the mean of a Beta posterior: a prior centred on the tenant-and-tier
 * response rate, worth `priorStrength` observations, updated with this lead's own outcomes on the channel.
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
    const responses = onChannel.reduce((sum, event) => sum + RESPONSE_CREDIT[event.outcome], 0);
    const priorMean = tierResponseRate(tierHistory, channel);
    const alpha = priorStrength * priorMean + responses;
    const beta = priorStrength * (1 - priorMean) + (onChannel.length - responses);
    const probability = alpha + beta === 0 ? priorMean : alpha / (alpha + beta);
    return { channel, response_probability: Math.round(probability * 1000) / 1000, consented: consent[channel] };
  });
  return scores.sort(
    (a, b) => b.response_probability - a.response_probability || CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel),
  );
}

export function bestConsentedChannel(ranking: ChannelScore[]): ChannelScore | undefined {
  return ranking.find((score) => score.consented);
}
