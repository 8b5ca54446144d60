import { RecommendationFailedEvent, RecommendationGeneratedEvent } from '@followup/contracts';
import { RecommenderAnswer } from './record-recommendation-outcome.use-case';

/** The recommender's answer as the gateway records it and hands it to the waiting HTTP request. */
export function answerFromGenerated(event: RecommendationGeneratedEvent): RecommenderAnswer {
  return {
    tenant: event.tenant,
    leadId: event.payload.lead_id,
    recommendationId: event.payload.recommendation_id,
    outcome: {
      status: 'completed',
      result: event.payload.result,
      confidence: event.payload.confidence,
      channel_ranking: event.payload.channel_ranking,
      score_factors: event.payload.score_factors,
    },
    attempt: event.payload.attempt,
    revisionOf: event.payload.revision_of,
  };
}

export function answerFromFailed(event: RecommendationFailedEvent): RecommenderAnswer {
  return {
    tenant: event.tenant,
    leadId: event.payload.lead_id,
    recommendationId: event.payload.recommendation_id,
    outcome: { status: 'failed', error: event.payload.error },
    attempt: event.payload.attempt,
    revisionOf: event.payload.revision_of,
  };
}

/** What names one answer: the recommendation and the attempt it answers. */
export function answerKey(recommendationId: string, attempt = 1): string {
  return `${recommendationId}:${attempt}`;
}

/** The answerKey of a consumed answer not yet validated, read without checking the rest of it; undefined if it names none. */
export function answerKeyOf(raw: unknown): string | undefined {
  const payload = (raw as { payload?: { recommendation_id?: unknown; attempt?: unknown } } | null)?.payload;
  if (typeof payload?.recommendation_id !== 'string') return undefined;
  if (payload.attempt !== undefined && typeof payload.attempt !== 'number') return undefined;
  return answerKey(payload.recommendation_id, payload.attempt);
}
