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

/** A training example with the tenant whose decision it was. */
export interface TenantTrainingExample extends TrainingExample {
  tenant: string;
}

/**
 * One example per past decision whose horizon has ended by `now`: the features as they were at the decision,
 * and whether the lead replied within `horizonDays` after it. It pauses after each decision (reading a summary's
 * intent is a compromise parse, 1–10 ms); runWithBreaks or runToEnd runs it.
 */
export function* trainingExampleSteps(
  decisions: PastDecision[],
  replies: ObservedReply[],
  horizonDays: number,
  now: Date,
): Generator<void, TenantTrainingExample[]> {
  const leadKey = (tenant: string, leadId: string) => `${tenant}\u0000${leadId}`;
  const repliesByLead = new Map<string, Date[]>();
  for (const reply of replies) {
    const key = leadKey(reply.tenant, reply.lead_id);
    const ofLead = repliesByLead.get(key);
    if (ofLead) ofLead.push(reply.observed_at);
    else repliesByLead.set(key, [reply.observed_at]);
  }
  const examples: TenantTrainingExample[] = [];
  for (const decision of decisions) {
    const end = decision.decided_at.getTime() + horizonDays * DAY_MS;
    if (end > now.getTime()) continue;
    const replied = (repliesByLead.get(leadKey(decision.tenant, decision.lead_id)) ?? []).some(
      (at) => at.getTime() > decision.decided_at.getTime() && at.getTime() <= end,
    );
    examples.push({
      tenant: decision.tenant,
      decided_at: decision.decided_at,
      features: extractFeatures(decision.input, decision.decided_at),
      responded: replied,
    });
    yield;
  }
  return examples;
}
