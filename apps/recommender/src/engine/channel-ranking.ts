import { Channel, CHANNELS, ChannelScore, EngagementEvent, Outcome } from '@followup/contracts';

/** Beta prior per channel before any of the lead's own outcomes: mean 1/3, worth three observations. */
export const CHANNEL_PRIOR = { alpha: 1, beta: 2 };

/** How much of a "response" each outcome counts as; the rest counts as a non-response. */
const RESPONSE_CREDIT: Record<Outcome, number> = { replied: 1, opened: 0.4, delivered: 0, no_response: 0, bounced: 0 };

export type ChannelConsentFlags = Record<Channel, boolean>;

/**
 * Per-channel response probability as the mean of a Beta posterior over the lead's own outcomes on that
 * channel, best first; channels the lead has not consented to are kept (for the record) but flagged.
 */
export function rankChannels(history: EngagementEvent[], consent: ChannelConsentFlags): ChannelScore[] {
  const scores = CHANNELS.map((channel) => {
    const onChannel = history.filter((event) => event.type === channel);
    const responses = onChannel.reduce((sum, event) => sum + RESPONSE_CREDIT[event.outcome], 0);
    const alpha = CHANNEL_PRIOR.alpha + responses;
    const beta = CHANNEL_PRIOR.beta + (onChannel.length - responses);
    return { channel, response_probability: Math.round((alpha / (alpha + beta)) * 1000) / 1000, consented: consent[channel] };
  });
  return scores.sort(
    (a, b) => b.response_probability - a.response_probability || CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel),
  );
}

export function bestConsentedChannel(ranking: ChannelScore[]): ChannelScore | undefined {
  return ranking.find((score) => score.consented);
}
