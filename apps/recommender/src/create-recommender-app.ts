import { createServiceApp, ServiceModule } from '@followup/http';
import { ErasureModule } from './erasure/erasure.module';
import { RecommendationsModule } from './recommendations/recommendations.module';

export function createRecommenderApp(overrides: Record<string, unknown> = {}) {
  return createServiceApp('recommender', ServiceModule.register('recommender', [RecommendationsModule, ErasureModule], overrides), {
    // a recommendation request: the HTTP request waits for its answer
    consumesEvents: 'at_once',
  });
}
