import { validateEnvironment } from '@followup/config';
import { ErrorCode } from '@followup/contracts';
import { EventPublisher } from '@followup/messaging';
import { GetRecommendationUseCase } from '../recommendations/get-recommendation.use-case';
import { RequestMoreDataUseCase } from './request-more-data.use-case';

const user = { sub: 'rep-17', tenant: 'acme', roles: ['sales_rep' as const], acting_role: 'sales_rep' as const };

describe('RequestMoreDataUseCase', () => {
  it('answers 503 with retry_after_seconds (so the Retry-After header) when the notice cannot be published', async () => {
    const recommendations = { execute: async () => ({ lead_id: 'LD-1' }) } as unknown as GetRecommendationUseCase;
    const publisher = {
      publish: async () => {
        throw new Error('broker away');
      },
    } as unknown as EventPublisher;
    const environment = validateEnvironment({ SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS: 45 });
    const useCase = new RequestMoreDataUseCase(recommendations, publisher, environment);
    await expect(useCase.execute({ user, requestId: 'req-1', recommendationId: 'rec-1' })).rejects.toMatchObject({
      code: ErrorCode.ServiceUnavailable,
      details: { recommendation_id: 'rec-1', retry_after_seconds: 45 },
    });
  });
});
