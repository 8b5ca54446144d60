import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { outboxEventId } from '../recommendations/recommendation-request.schema';
import { RecommendationVersions } from '../recommendations/recommendation-versions';
import { ignoredForGood, lifecycleOf, LifecycleSignal, LifecycleState, nextLifecycle } from './lifecycle';
import { LifecycleFacts } from './review.repository';

export interface LifecycleUpdate {
  tenant: string;
  recommendationId: string;
  signal: LifecycleSignal;
  /** Stored with the step it causes; ignored with it. */
  facts: LifecycleFacts;
}

type Step =
  | { outcome: 'advanced'; from: LifecycleState; to: LifecycleState }
  | { outcome: 'ignored'; from?: LifecycleState }
  | { outcome: 'unknown' };

/**
 * Applies a verdict or a delivery result to a recommendation's lifecycle, by the pure transition rules:
 * a repeated or late event changes nothing. The step is decided on the record as it is and stored only if
 * nothing changed it meanwhile, on any instance (RecommendationVersions), else decided again. A step caused by a
 * review's event (compliance's verdict on an approved draft, then delivery's results) proves that event was published:
 * it clears the outbox in the same write.
 */
@Injectable()
export class TrackLifecycleUseCase {
  constructor(
    private readonly versions: RecommendationVersions,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(TrackLifecycleUseCase.name);
  }

  async execute({ tenant, recommendationId, signal, facts }: LifecycleUpdate): Promise<void> {
    const step = await this.versions.change<Step>(
      tenant,
      recommendationId,
      (record) => {
        if (!record) return { result: { outcome: 'unknown' } };
        const from = lifecycleOf(record);
        const to = from && nextLifecycle(from, signal, record.delivery);
        // a late or repeated signal for a finished recommendation: no step claimed since can matter
        if (!from || !to) return { result: { outcome: 'ignored', from }, final: from !== undefined && ignoredForGood(from, signal) };
        // every step after a review follows from its published event: the step clears the review's outbox
        const published = record.outbox && outboxEventId(record.outbox) === record.review?.event_id ? { outbox: null } : {};
        return {
          result: { outcome: 'advanced', from, to },
          change: { set: { ...facts, ...published, lifecycle: to, lifecycle_updated_at: new Date() } },
        };
      },
      // usually the approval or the previous step was made here a moment ago: decided on that copy, without a read
      this.versions.remembered(tenant, recommendationId),
    );
    switch (step.outcome) {
      case 'unknown':
        return this.logger.warn({ signal: signal.kind }, 'lifecycle event for an unknown recommendation ignored');
      case 'ignored':
        return this.logger.info(
          { signal: signal.kind, lifecycle: step.from },
          'lifecycle event ignored (repeated, late or not applicable)',
        );
      case 'advanced':
        return this.logger.info({ signal: signal.kind, from: step.from, lifecycle: step.to }, 'lifecycle advanced');
    }
  }
}
