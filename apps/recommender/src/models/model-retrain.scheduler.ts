import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import { Clock, Environment, instanceId } from '@followup/config';
import { Lease, LeaseRecord, RepeatingPass } from '@followup/persistence';
import { PriorityModels } from './priority-models';
import { RetrainModelsUseCase, RetrainOutcome } from './retrain-models.use-case';

/**
 * Retrains the priority models every PRIORITY_MODEL_RETRAIN_INTERVAL_MS (0: only on demand, `npm run model:retrain`).
 * With several instances one retrains: a lease renewed by each of its passes, which another instance takes over
 * when it lapses (2 intervals after the holder's last pass): the fleet retrains once per interval, not once per
 * instance, and twice at once only when a pass outlasts 2 intervals or, on FerretDB, when two instances find the lease
 * lapsed at the same moment (Lease); each retraining stores its own snapshot and promotes it only if it beats the
 * current one.
 */
@Injectable()
export class ModelRetrainScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly passes = new RepeatingPass<RetrainOutcome[]>(() => this.pass(), []);
  private readonly lease: Lease;

  constructor(
    private readonly retrain: RetrainModelsUseCase,
    private readonly models: PriorityModels,
    private readonly environment: Environment,
    private readonly clock: Clock,
    private readonly logger: PinoLogger,
    @InjectModel(LeaseRecord.name) leases: Model<LeaseRecord>,
  ) {
    this.logger.setContext(ModelRetrainScheduler.name);
    this.lease = new Lease(
      leases,
      'recommender-model-retrain',
      instanceId('recommender'),
      2 * environment.PRIORITY_MODEL_RETRAIN_INTERVAL_MS,
    );
  }

  onApplicationBootstrap(): void {
    if (this.environment.PRIORITY_MODEL_RETRAIN_INTERVAL_MS > 0) this.passes.start(this.environment.PRIORITY_MODEL_RETRAIN_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.passes.stop();
    await this.lease.release().catch(() => undefined);
  }

  private async pass(): Promise<RetrainOutcome[]> {
    try {
      if (!(await this.lease.hold())) return [];
      const outcomes = await this.retrain.execute({ horizonDays: this.environment.PRIORITY_HORIZON_DAYS, now: this.clock.now() });
      this.models.forgetAll();
      for (const outcome of outcomes) {
        if (outcome.result === 'failed')
          this.logger.warn({ ...outcome, error_code: 'MODEL_RETRAIN_FAILED' }, 'priority model retraining failed for a scope; will retry');
        else this.logger.info({ ...outcome }, 'priority model retrained');
      }
      return outcomes;
    } catch (error) {
      this.logger.warn(
        { error_code: 'MODEL_RETRAIN_FAILED', error_name: (error as Error).name },
        'priority model retraining failed; will retry',
      );
      return [];
    }
  }
}
