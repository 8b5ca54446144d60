import { Injectable } from '@nestjs/common';
import { ChannelObservationRepository } from '../learning/channel-observation.repository';
import { RecommendationRepository } from '../recommendations/recommendation.repository';
import { runWithBreaks } from './event-loop-breaks';
import { GLOBAL_SCOPE, ModelSnapshotRecord } from './model-snapshot.schema';
import { ModelSnapshotRepository } from './model-snapshot.repository';
import { PRIOR_MODEL, PriorityModel } from './priority-model';
import { priorityModelTrainingSteps, promotionSteps, TrainingExample } from './train-priority-model';
import { PastDecision, trainingExampleSteps } from './training-examples';

/** How far back decisions are read for training. */
export const TRAINING_LOOKBACK_DAYS = 365;

export interface RetrainOutcome {
  scope: string;
  snapshot_id?: string;
  /**
   * promoted, kept the current model (rejected), had too little data to train (skipped), or failed (the error's
   * name in error_name; the other scopes are retrained regardless).
   */
  result: 'promoted' | 'rejected' | 'skipped' | 'failed';
  examples: number;
  auc?: number;
  current_auc?: number;
  error_name?: string;
}

/** A snapshot id of its own per scope and run: the global model's never equals a tenant's, whatever the tenant is named. */
export function snapshotIdOf(scope: string, now: Date): string {
  const trainedAt = now.toISOString().replace(/[-:.]/g, '');
  return scope === GLOBAL_SCOPE ? `priority-lr-global-${trainedAt}` : `priority-lr-tenant-${scope}-${trainedAt}`;
}

/**
 * Trains the global priority model on every tenant's outcomes, then each tenant's own, shrunk toward the
 * global model; each candidate is stored as a snapshot and becomes its scope's active model only if it beats
 * the current one (the tenant's, else the global, else the built-in prior) on its held-out examples.
 */
@Injectable()
export class RetrainModelsUseCase {
  constructor(
    private readonly recommendations: RecommendationRepository,
    private readonly observations: ChannelObservationRepository,
    private readonly snapshots: ModelSnapshotRepository,
  ) {}

  async execute(command: { horizonDays: number; now: Date }): Promise<RetrainOutcome[]> {
    const { horizonDays, now } = command;
    const since = new Date(now.getTime() - TRAINING_LOOKBACK_DAYS * 86_400_000);
    const decisions: PastDecision[] = await this.recommendations.generatedSince(since);
    const replies = await this.observations.repliesSince(since);
    const examples = await runWithBreaks(trainingExampleSteps(decisions, replies, horizonDays, now));
    const byTenant = new Map<string, TrainingExample[]>(decisions.map((decision) => [decision.tenant, []]));
    for (const example of examples) byTenant.get(example.tenant)!.push(example);

    const outcomes = [await this.train(GLOBAL_SCOPE, examples, PRIOR_MODEL, undefined, horizonDays, now)];
    const global = (await this.snapshots.active(GLOBAL_SCOPE))?.model ?? PRIOR_MODEL;
    for (const [tenant, ofTenant] of byTenant) {
      outcomes.push(await this.train(tenant, ofTenant, global, global === PRIOR_MODEL ? undefined : global, horizonDays, now));
    }
    return outcomes;
  }

  /** Retrains one scope against its active model (else `fallback`); a failure is its outcome, not the pass's. */
  private async train(
    scope: string,
    examples: TrainingExample[],
    fallback: PriorityModel,
    prior: PriorityModel | undefined,
    horizonDays: number,
    now: Date,
  ): Promise<RetrainOutcome> {
    try {
      const current = (await this.snapshots.active(scope))?.model ?? fallback;
      const snapshotId = snapshotIdOf(scope, now);
      const trained = await runWithBreaks(priorityModelTrainingSteps(examples, { snapshotId, horizonDays, prior }));
      if (!trained) return { scope, result: 'skipped', examples: examples.length };
      const comparison = await runWithBreaks(promotionSteps(trained, current));
      const snapshot: ModelSnapshotRecord = {
        snapshot_id: snapshotId,
        scope,
        status: comparison.promote ? 'active' : 'rejected',
        model: trained.model,
        training_window: trained.training_window,
        examples: trained.examples,
        held_out: trained.held_out,
        compared_with: { snapshot_id: current.snapshot_id, held_out: comparison.current },
      };
      if (comparison.promote) await this.snapshots.promote(snapshot);
      else await this.snapshots.save(snapshot);
      return {
        scope,
        snapshot_id: snapshotId,
        result: comparison.promote ? 'promoted' : 'rejected',
        examples: examples.length,
        auc: trained.held_out.auc,
        current_auc: comparison.current.auc,
      };
    } catch (error) {
      return { scope, result: 'failed', examples: examples.length, error_name: (error as Error).name };
    }
  }
}
