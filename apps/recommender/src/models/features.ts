import { AccountTier, Channel, CHANNELS, RecommendationInput } from '@followup/contracts';
import { RESPONSE_CREDIT } from '../engine/channel-ranking';
import { IntentReading, readBuyingIntent } from './buying-intent';

/** Days after which the recency feature has halved. */
export const RECENCY_HALF_LIFE_DAYS = 14;
/** Days after which an engagement's weight in the per-channel counts has halved. */
export const EVENT_HALF_LIFE_DAYS = 60;
/** When an event has no timestamp: it is taken to be this many days before the event after it. */
export const ASSUMED_EVENT_SPACING_DAYS = 7;

export const FEATURE_NAMES = [
  'recency',
  'staleness',
  'sms_responses',
  'email_responses',
  'phone_call_responses',
  'sms_silences',
  'email_silences',
  'phone_call_silences',
  'best_channel_rate',
  'trend',
  'intent',
  'tier_enterprise',
  'tier_mid_market',
  'tier_smb',
  'tenure',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type Features = Record<FeatureName, number>;

const DAY_MS = 86_400_000;
const TIER_FEATURE: Record<AccountTier, FeatureName> = { enterprise: 'tier_enterprise', 'mid-market': 'tier_mid_market', smb: 'tier_smb' };

export function daysBetween(earlier: Date, later: Date): number {
  return Math.max(0, (later.getTime() - earlier.getTime()) / DAY_MS);
}

/** Each event's age in days at `now`: its timestamp, or its place before the last engagement. */
export function eventAges(input: RecommendationInput, now: Date): number[] {
  const daysSinceLast = daysBetween(new Date(input.last_engagement_date), now);
  const count = input.engagement_history.length;
  return input.engagement_history.map((event, index) =>
    event.occurred_at ? daysBetween(new Date(event.occurred_at), now) : daysSinceLast + (count - 1 - index) * ASSUMED_EVENT_SPACING_DAYS,
  );
}

/**
 * What the priority model reads from a request, at `now`:
 * recency 2^(−days since last engagement / 14) and staleness (those days / 30, up to a year: with both, the
 * model finds its own decay); per channel, the time-decayed response credit (replied 1, opened 0.4) and its
 * complement (silences), each event weighted 2^(−age / 60); best_channel_rate, the lead's best channel's
 * response rate under a Beta(1, 2) prior ((1 + credit) / (3 + attempts)); trend, the mean response
 * credit of the later half of the history minus the earlier half; intent −1/0/+1 from the activity summary;
 * the account tier one-hot; tenure ln(1 + days since the first logged engagement), the request's nearest
 * stand-in for the lead's age. `intent` is the summary's reading when the caller already has it (reading costs a
 * compromise parse).
 */
export function extractFeatures(
  input: RecommendationInput,
  now: Date,
  intent: IntentReading['intent'] = readBuyingIntent(input.recent_activity_summary).intent,
): Features {
  const history = input.engagement_history;
  const ages = eventAges(input, now);
  const features = Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as Features;
  const daysSinceLast = daysBetween(new Date(input.last_engagement_date), now);
  features.recency = Math.pow(0.5, daysSinceLast / RECENCY_HALF_LIFE_DAYS);
  features.staleness = Math.min(daysSinceLast, 365) / 30;
  history.forEach((event, index) => {
    const weight = Math.pow(0.5, ages[index] / EVENT_HALF_LIFE_DAYS);
    const credit = RESPONSE_CREDIT[event.outcome];
    features[`${event.type as Channel}_responses`] += weight * credit;
    features[`${event.type as Channel}_silences`] += weight * (1 - credit);
  });
  features.best_channel_rate = Math.max(
    ...CHANNELS.map((channel) => {
      const onChannel = history.filter((event) => event.type === channel);
      return (1 + onChannel.reduce((sum, event) => sum + RESPONSE_CREDIT[event.outcome], 0)) / (3 + onChannel.length);
    }),
  );
  const half = Math.floor(history.length / 2);
  if (half > 0) {
    const meanCredit = (events: typeof history) => events.reduce((sum, event) => sum + RESPONSE_CREDIT[event.outcome], 0) / events.length;
    features.trend = meanCredit(history.slice(history.length - half)) - meanCredit(history.slice(0, half));
  }
  features.intent = intent;
  if (input.account_tier) features[TIER_FEATURE[input.account_tier]] = 1;
  features.tenure = Math.log1p(ages.length > 0 ? Math.max(...ages) : daysSinceLast);
  return features;
}

export const featureRow = (features: Features): number[] => FEATURE_NAMES.map((name) => features[name]);
