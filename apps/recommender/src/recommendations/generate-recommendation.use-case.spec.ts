import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { RecommendationRequestedEvent } from '@followup/contracts';
import { EventPublisher } from '@followup/messaging';
import { Drafter } from '../drafting/drafter';
import { NO_HISTORY } from '../engine/channel-ranking';
import { PRIOR_MODEL } from '../models/priority-model';
import { ErasedLeadCheck } from '../erasure/erased-lead-check';
import { TierPriors } from '../learning/tier-priors';
import { PriorityModels } from '../models/priority-models';
import { SuppressedChannelsView } from '../suppression/suppressed-channels.view';
import { GenerateRecommendationUseCase } from './generate-recommendation.use-case';
import { RecommendationRepository, StoredRecommendation } from './recommendation.repository';

const logger = { setContext: () => undefined, info: () => undefined, error: () => undefined } as unknown as PinoLogger;

function request(engagements: number): RecommendationRequestedEvent {
  return {
    event_id: '0d7f0f3e-55a4-4e0c-9d0e-2b8f8c1c1a01',
    request_id: 'req-1',
    tenant: 'acme',
    actor: { kind: 'user', id: 'rep-17' },
    payload: {
      recommendation_id: '5b0c9a1e-2f57-4f0e-8a43-7f3b8c2d9e10',
      lead: { lead_id: 'LD-9', first_name: 'Nora', owner_rep_id: 'rep-17', consent: { sms: true, email: true, phone_call: false } },
      input: {
        last_engagement_date: '2026-11-30T10:00:00Z',
        engagement_history: Array.from({ length: engagements }, () => ({ type: 'email_open', channel: 'email' })),
        recent_activity_summary: 'Asked for the price list.',
      },
      requested_at: '2026-12-01T09:00:00Z',
    },
  } as unknown as RecommendationRequestedEvent;
}

/** The use case with fakes: `erased` answers the check before deciding, `erasedAfterWrite` the one after storing. */
function useCaseWith(erased: { before: boolean; afterWrite: boolean }, storedAfterErasure?: StoredRecommendation) {
  const stored: StoredRecommendation[] = [];
  const published: { topic: string; json: string }[] = [];
  const drafter = { draft: jest.fn() } as unknown as Drafter;
  const recommendations = {
    store: async (decision: StoredRecommendation) => (stored.push(decision), decision),
    findOne: async () => storedAfterErasure ?? null,
  } as unknown as RecommendationRepository;
  const check = { isErased: async () => erased.before, erasedAfterWrite: async () => erased.afterWrite } as unknown as ErasedLeadCheck;
  const publisher = { publishEncoded: async (topic: string, _key: string, json: string) => void published.push({ topic, json }) };
  const useCase = new GenerateRecommendationUseCase(
    recommendations,
    {} as TierPriors,
    {} as PriorityModels,
    {} as SuppressedChannelsView,
    drafter,
    check,
    publisher as unknown as EventPublisher,
    {} as Environment,
    logger,
  );
  return { useCase, stored, published, drafter };
}

describe('GenerateRecommendationUseCase and erased leads', () => {
  it('answers a request of a lead erased before it is decided with LEAD_NOT_FOUND, without drafting', async () => {
    const { useCase, stored, published, drafter } = useCaseWith({ before: true, afterWrite: true });

    await useCase.execute(request(3));

    expect(drafter.draft).not.toHaveBeenCalled();
    expect(stored[0]).toMatchObject({
      status: 'failed',
      error: { code: 'LEAD_NOT_FOUND', details: { lead_id: 'LD-9', reason: 'erased' } },
    });
    expect(published.map(({ topic }) => topic)).toEqual(['followup.recommendation.failed.v1']);
    expect(JSON.parse(published[0].json)).toMatchObject({ payload: { error: { code: 'LEAD_NOT_FOUND' } } });
  });

  it('publishes the decision as it is stored after the erasure that came while it was decided, not as it was decided', async () => {
    const erasedRecord = {
      status: 'failed',
      outcome_event: { topic: 'followup.recommendation.failed.v1', json: '{"payload":"as erased"}' },
      notification_events: [],
    } as unknown as StoredRecommendation;
    const { useCase, stored, published } = useCaseWith({ before: false, afterWrite: true }, erasedRecord);

    // one engagement: decided (as INSUFFICIENT_DATA) without a model or a draft
    await useCase.execute(request(1));

    expect(stored[0]).toMatchObject({ status: 'failed', error: { code: 'INSUFFICIENT_DATA' } });
    expect(published).toEqual([{ topic: 'followup.recommendation.failed.v1', json: '{"payload":"as erased"}' }]);
  });
});

describe('GenerateRecommendationUseCase and a drafter that fails', () => {
  it('routes a failure the drafter did not foresee to the manual queue as an upstream error, and tells the sales managers', async () => {
    const stored: StoredRecommendation[] = [];
    const published: { topic: string; json: string }[] = [];
    const drafter = {
      draft: async () => {
        throw new TypeError("Cannot read properties of undefined (reading '0')");
      },
    } as unknown as Drafter;
    const useCase = new GenerateRecommendationUseCase(
      { store: async (decision: StoredRecommendation) => (stored.push(decision), decision) } as unknown as RecommendationRepository,
      { forTier: async () => NO_HISTORY, replyHours: async () => ({ tier: [], tenant: [] }) } as unknown as TierPriors,
      { forTenant: async () => PRIOR_MODEL } as unknown as PriorityModels,
      { channelsOf: async () => [] } as unknown as SuppressedChannelsView,
      drafter,
      { isErased: async () => false, erasedAfterWrite: async () => false } as unknown as ErasedLeadCheck,
      {
        publishEncoded: async (topic: string, _key: string, json: string) => void published.push({ topic, json }),
      } as unknown as EventPublisher,
      { CHANNEL_PRIOR_STRENGTH: 5 } as Environment,
      logger,
    );
    const answered = request(3);
    answered.payload.input.engagement_history = [
      { type: 'email', outcome: 'replied' },
      { type: 'sms', outcome: 'opened' },
      { type: 'email', outcome: 'no_response' },
    ];

    await useCase.execute(answered);

    expect(stored[0]).toMatchObject({
      status: 'manual_queue',
      error: { code: 'AI_SERVICE_UNAVAILABLE', details: { reason: 'upstream_error', manual_queue: true } },
    });
    expect(published.map(({ topic }) => topic)).toEqual(['followup.recommendation.failed.v1', 'followup.notifications.v1']);
    expect(JSON.parse(published[1].json)).toMatchObject({ payload: { kind: 'ai_service_unavailable', recipient_role: 'sales_manager' } });
  });
});
