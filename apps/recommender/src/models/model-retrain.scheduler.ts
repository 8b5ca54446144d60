import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Clock, Environment } from '@followup/config';
import { RepeatingPass } from '@followup/persistence';
import { PriorityModels } from './priority-models';
import { RetrainModelsUseCase, RetrainOutcome } from './retrain-models.use-case';

/** Retrains the priority models every PRIORITY_MODEL_RETRAIN_INTERVAL_MS (0: only on demand, `npm run model:retrain`). */
@Injectable()
export class ModelRetrainScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly passes = new RepeatingPass<RetrainOutcome[]>(() => this.pass(), []);

  constructor(
    private readonly retrain: RetrainModelsUseCase,
    private readonly models: PriorityModels,
    private readonly environment: Environment,
    private readonly clock: Clock,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ModelRetrainScheduler.name);
  }

  onApplicationBootstrap(): void {
    if (this.environment.PRIORITY_MODEL_RETRAIN_INTERVAL_MS > 0) this.passes.start(this.environment.PRIORITY_MODEL_RETRAIN_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }

  private async pass(): Promise<RetrainOutcome[]> {
    try {
      const outcomes = await this.retrain.execute({ horizonDays: this.environment.PRIORITY_HORIZON_DAYS, now: this.clock.now() });
      this.models.forgetAll();
      for (const outcome of outcomes) this.logger.info({ ...outcome }, 'priority model retrained');
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
