import { RecommendationInput } from '@followup/contracts';
import { extractFeatures } from './features';
import { TrainingExample } from './train-priority-model';

const DAY_MS = 86_400_000;

/** A recommendation the recommender generated: what it saw, and when. */
export interface PastDecision {
  tenant: string;
  lead_id: string;
  decided_at: Date;
  input: RecommendationInput;
}

/** A reply the recommender heard of afterwards (a CRM-logged engagement with outcome `replied`). */
export interface ObservedReply {
  tenant: string;
  lead_id: string;
  observed_at: Date;
}

/**
 * One example per past decision whose horizon has ended by `now`: the features as they were at the decision,
 * and whether the lead replied within `horizonDays` after it.
 */
export function trainingExamples(decisions: PastDecision[], replies: ObservedReply[], horizonDays: number, now: Date): TrainingExample[] {
  const repliesByLead = new Map<string, Date[]>();
  for (const reply of replies) {
    const key = `${reply.tenant}\u0000${reply.lead_id}`;
    repliesByLead.set(key, [...(repliesByLead.get(key) ?? []), reply.observed_at]);
  }
  return decisions
    .filter((decision) => decision.decided_at.getTime() + horizonDays * DAY_MS <= now.getTime())
    .map((decision) => {
      const end = decision.decided_at.getTime() + horizonDays * DAY_MS;
      const replied = (repliesByLead.get(`${decision.tenant}\u0000${decision.lead_id}`) ?? []).some(
        (at) => at.getTime() > decision.decided_at.getTime() && at.getTime() <= end,
      );
      return { decided_at: decision.decided_at, features: extractFeatures(decision.input, decision.decided_at), responded: replied };
    });
}
