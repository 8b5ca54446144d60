import { Injectable } from '@nestjs/common';
import { ChannelObservationRepository } from '../learning/channel-observation.repository';
import { RecommendationRepository } from '../recommendations/recommendation.repository';
import { GLOBAL_SCOPE, ModelSnapshotRecord } from './model-snapshot.schema';
import { ModelSnapshotRepository } from './model-snapshot.repository';
import { PRIOR_MODEL, PriorityModel } from './priority-model';
import { shouldPromote, trainPriorityModel, TrainingExample } from './train-priority-model';
import { PastDecision, trainingExamples } from './training-examples';

/** How far back decisions are read for training. */
export const TRAINING_LOOKBACK_DAYS = 365;

export interface RetrainOutcome {
  scope: string;
  snapshot_id?: string;
  /** promoted, kept the current model (rejected), or had too little data to train (skipped). */
  result: 'promoted' | 'rejected' | 'skipped';
  examples: number;
  auc?: number;
  current_auc?: number;
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
    const byTenant = new Map<string, PastDecision[]>();
    for (const decision of decisions) byTenant.set(decision.tenant, [...(byTenant.get(decision.tenant) ?? []), decision]);

    const globalCurrent = (await this.snapshots.active(GLOBAL_SCOPE))?.model ?? PRIOR_MODEL;
    const globalOutcome = await this.train(
      GLOBAL_SCOPE,
      trainingExamples(decisions, replies, horizonDays, now),
      globalCurrent,
      undefined,
      horizonDays,
      now,
    );
    const global = (await this.snapshots.active(GLOBAL_SCOPE))?.model ?? PRIOR_MODEL;
    const outcomes = [globalOutcome];
    for (const [tenant, ofTenant] of byTenant) {
      const current = (await this.snapshots.active(tenant))?.model ?? global;
      const examples = trainingExamples(ofTenant, replies, horizonDays, now);
      outcomes.push(await this.train(tenant, examples, current, global === PRIOR_MODEL ? undefined : global, horizonDays, now));
    }
    return outcomes;
  }

  private async train(
    scope: string,
    examples: TrainingExample[],
    current: PriorityModel,
    prior: PriorityModel | undefined,
    horizonDays: number,
    now: Date,
  ): Promise<RetrainOutcome> {
    const snapshotId = `priority-lr-${scope === GLOBAL_SCOPE ? 'global' : scope}-${now.toISOString().replace(/[-:.]/g, '')}`;
    const trained = trainPriorityModel(examples, { snapshotId, horizonDays, prior });
    if (!trained) return { scope, result: 'skipped', examples: examples.length };
    const comparison = shouldPromote(trained, current);
    const snapshot: ModelSnapshotRecord = {
      snapshot_id: snapshotId,
      scope,
      status: 'rejected',
      model: trained.model,
      training_window: trained.training_window,
      examples: trained.examples,
      held_out: trained.held_out,
      compared_with: { snapshot_id: current.snapshot_id, held_out: comparison.current },
    };
    await this.snapshots.save(snapshot);
    if (comparison.promote) await this.snapshots.promote(scope, snapshotId);
    return {
      scope,
      snapshot_id: snapshotId,
      result: comparison.promote ? 'promoted' : 'rejected',
      examples: examples.length,
      auc: trained.held_out.auc,
      current_auc: comparison.current.auc,
    };
  }
}
