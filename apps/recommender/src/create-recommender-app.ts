import { createServiceApp, ServiceModule } from '@followup/http';
import { RecommendationsModule } from './recommendations/recommendations.module';

export function createRecommenderApp(overrides: Record<string, unknown> = {}) {
  return createServiceApp('recommender', ServiceModule.register('recommender', [RecommendationsModule], overrides), {
    consumesEvents: true,
  });
}
