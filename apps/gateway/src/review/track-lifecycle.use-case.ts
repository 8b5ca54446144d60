import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { lifecycleOf, LifecycleSignal, nextLifecycle } from './lifecycle';
import { RecommendationLocks } from '../recommendations/recommendation-locks';
import { LifecycleFacts, ReviewRepository } from './review.repository';

export interface LifecycleUpdate {
  tenant: string;
  recommendationId: string;
  signal: LifecycleSignal;
  /** Stored with the step it causes; ignored with it. */
  facts: LifecycleFacts;
}

const MAX_ATTEMPTS = 3;

/**
 * Applies a verdict or a delivery result to a recommendation's lifecycle, by the pure transition rules:
 * a repeated or late event changes nothing. The change is a compare-and-set on the state read, retried
 * when another event moved the record in between.
 */
@Injectable()
export class TrackLifecycleUseCase {
  constructor(
    private readonly recommendations: ReviewRepository,
    private readonly locks: RecommendationLocks,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(TrackLifecycleUseCase.name);
  }

  execute(update: LifecycleUpdate): Promise<void> {
    return this.locks.run(update.recommendationId, () => this.apply(update));
  }

  private async apply({ tenant, recommendationId, signal, facts }: LifecycleUpdate): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const record = await this.recommendations.findOne(tenant, recommendationId);
      if (!record) {
        this.logger.warn({ signal: signal.kind }, 'lifecycle event for an unknown recommendation ignored');
        return;
      }
      const current = lifecycleOf(record);
      const next = current && nextLifecycle(current, signal);
      if (!current || !next) {
        this.logger.info({ signal: signal.kind, lifecycle: current }, 'lifecycle event ignored (repeated, late or not applicable)');
        return;
      }
      if (await this.recommendations.advance(tenant, recommendationId, current, next, facts)) {
        this.logger.info({ signal: signal.kind, from: current, lifecycle: next }, 'lifecycle advanced');
        return;
      }
    }
    this.logger.warn({ signal: signal.kind }, 'lifecycle kept changing under this event; left as it is');
  }
}
