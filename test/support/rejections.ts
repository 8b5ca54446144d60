import { call } from './http';
import { eventually, TestStack } from './stack';

/** A rep's rejection of a recommendation through the gateway; answers the recommender's re-analysis of it, once stored. */
export async function rejectAndAwaitRevision(stack: TestStack, token: string, recommendationId: string, reason: string) {
  const rejected = await call(stack.gatewayUrl, 'POST', `/api/v1/ai/followup/recommendations/${recommendationId}/reject`, {
    token,
    body: { reason },
  });
  expect(rejected.status).toBe(200);
  const recommendations = stack.database('recommender').collection('recommendations');
  return eventually(() => recommendations.findOne({ revision_of: recommendationId }).then((found) => found ?? undefined));
}
