import type { Channel, LeadSnapshot, RecommendationInput } from '@followup/contracts';
import { AnalysisContext, analyzeLead, LeadAnalysis } from '../engine/lead-analysis';
import { applyRejection } from '../feedback/rejection-feedback';
import type { PriorityModel } from '../models/priority-model';
import { hourCounts, SendTime } from '../models/send-time';
import type { DecisionInputs } from './recommendation.schema';

/** The engine's context as it was recorded for a decision; the same for the decision and its reproduction. */
export function analysisContext(inputs: DecisionInputs, model: PriorityModel): AnalysisContext {
  return {
    tierHistory: inputs.tier_history,
    priorStrength: inputs.prior_strength,
    replyHours: { tier: hourCounts(inputs.reply_hours.tier), tenant: hourCounts(inputs.reply_hours.tenant) },
    suppressedChannels: inputs.suppressed_channels,
    model,
  };
}

/** What a reproduction compares: the score, every factor, the channel, the scorer version and the send time. */
export interface DecisionOutcome {
  priority_score: number;
  score_factors: Record<string, number>;
  recommended_channel: Channel;
  scorer_version: string;
  /** None when no replies, the lead's own or its tier's or tenant's, said when it answers. */
  send_time?: SendTime | null;
}

/**
 * The engine's analysis of a request in the recorded context, at the recorded time, with the rejection a re-analysis
 * recorded applied: the decision and its reproduction (reproduceDecision) both come from here.
 */
export function analysisOf(lead: LeadSnapshot, input: RecommendationInput, inputs: DecisionInputs, model: PriorityModel): LeadAnalysis {
  const analysis = analyzeLead(lead, input, new Date(inputs.decided_at), analysisContext(inputs, model));
  return inputs.revision ? applyRejection(analysis, inputs.revision.category, inputs.revision.rejected_channel) : analysis;
}

/** Runs the engine again on a recorded decision: the same request, context, clock, model snapshot and rejection. */
export function reproduceDecision(
  lead: LeadSnapshot,
  input: RecommendationInput,
  inputs: DecisionInputs,
  model: PriorityModel,
): DecisionOutcome {
  const analysis = analysisOf(lead, input, inputs, model);
  return {
    priority_score: analysis.priority.score,
    score_factors: analysis.priority.factors,
    recommended_channel: (analysis.channel ?? analysis.ranking[0]).channel,
    scorer_version: analysis.scorerVersion,
    send_time: analysis.sendTime,
  };
}

function describeSendTime(sendTime: SendTime | null | undefined): string {
  return sendTime ? `hour ${sendTime.hour_of_week} (${sendTime.source}, ${sendTime.replies} replies)` : 'none';
}

/** Each field where the reproduction differs from the record, as `field: recorded → reproduced`. */
export function decisionDifferences(recorded: DecisionOutcome, reproduced: DecisionOutcome): string[] {
  const differences: string[] = [];
  const compare = (field: string, a: unknown, b: unknown) => {
    if (a !== b) differences.push(`${field}: ${String(a)} → ${String(b)}`);
  };
  compare('priority_score', recorded.priority_score, reproduced.priority_score);
  compare('recommended_channel', recorded.recommended_channel, reproduced.recommended_channel);
  compare('scorer_version', recorded.scorer_version, reproduced.scorer_version);
  compare('send_time', describeSendTime(recorded.send_time), describeSendTime(reproduced.send_time));
  for (const factor of new Set([...Object.keys(recorded.score_factors), ...Object.keys(reproduced.score_factors)])) {
    compare(`score_factors.${factor}`, recorded.score_factors[factor], reproduced.score_factors[factor]);
  }
  return differences;
}
