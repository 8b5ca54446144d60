import { RecommendationInput } from '@followup/contracts';
import { IntentReading } from '../models/buying-intent';
import { daysBetween, extractFeatures } from '../models/features';
import { PRIOR_MODEL, PriorityExplanation, PriorityModel, scoreWithModel } from '../models/priority-model';

export const CHANNEL_ESTIMATOR_VERSION = 'channel-eb-v3';

/** What `ai_service_version.scorer_version` says: the priority model snapshot and the channel estimator. */
export const scorerVersion = (snapshotId: string): string => `${snapshotId}+${CHANNEL_ESTIMATOR_VERSION}`;

/** The scorer version with the built-in prior model; the recommender names the snapshot it actually used. */
export const SCORER_VERSION = scorerVersion(PRIOR_MODEL.snapshot_id);

export interface PriorityScore extends PriorityExplanation {
  snapshot_id: string;
  /** Every feature's signed contribution (calibrated log-odds) and the days since the last engagement. */
  factors: Record<string, number> & { days_since_engagement: number };
}

/**
 * Priority 0–100: 100 × the model's calibrated probability that the lead responds within its horizon; `intent` as
 * in extractFeatures.
 */
export function scorePriority(
  input: RecommendationInput,
  now: Date,
  model: PriorityModel = PRIOR_MODEL,
  intent?: IntentReading['intent'],
): PriorityScore {
  const explanation = scoreWithModel(model, extractFeatures(input, now, intent));
  return {
    ...explanation,
    snapshot_id: model.snapshot_id,
    factors: {
      ...explanation.contributions,
      days_since_engagement: Math.floor(daysBetween(new Date(input.last_engagement_date), now)),
    },
  };
}
