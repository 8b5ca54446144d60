import type { Channel, ChannelScore } from '@followup/contracts';

/** The ranking without the channels the lead opted out of: a suppressed channel is never recommended, nor tried after. */
export function withoutSuppressedChannels(ranking: ChannelScore[], suppressed: readonly Channel[]): ChannelScore[] {
  return ranking.filter((score) => !suppressed.includes(score.channel));
}
