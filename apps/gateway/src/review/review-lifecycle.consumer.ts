import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { DeliveryAttemptedEvent, DraftScreenedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { GeneratedScreeningRepository } from './generated-screening.repository';
import { StoredScreening } from './review-record';
import { TrackLifecycleUseCase } from './track-lifecycle.use-case';

/** Compliance verdicts and delivery results move the recommendation's lifecycle on the gateway's record. */
@Controller()
export class ReviewLifecycleConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly trackLifecycle: TrackLifecycleUseCase,
    private readonly generatedScreenings: GeneratedScreeningRepository,
  ) {}

  @EventPattern(Topics.DraftScreened)
  onScreened(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(DraftScreenedEvent, raw, context, ({ tenant, payload }) => {
      const screening: StoredScreening = {
        verdict: payload.verdict,
        findings: payload.findings.map(({ kind, start, end }) => ({ kind, start, end })),
        escalation_id: payload.escalation_id,
        screened_at: new Date(payload.screened_at),
      };
      if (payload.stage === 'generated') {
        // Information for the reviewer; the lifecycle does not move.
        return this.generatedScreenings.recordOnce({ tenant, recommendation_id: payload.recommendation_id, ...screening });
      }
      return this.trackLifecycle.execute({
        tenant,
        recommendationId: payload.recommendation_id,
        signal: { kind: 'screened', stage: payload.stage, verdict: payload.verdict },
        facts: { pre_delivery_screening: screening },
      });
    });
  }

  @EventPattern(Topics.DeliveryAttempted)
  onDeliveryAttempted(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(DeliveryAttemptedEvent, raw, context, ({ tenant, payload }) =>
      this.trackLifecycle.execute({
        tenant,
        recommendationId: payload.recommendation_id,
        signal: { kind: 'delivery_attempted', attempt: payload.attempt, outcome: payload.outcome, final: payload.final },
        facts: {
          delivery: {
            attempt: payload.attempt,
            channel: payload.channel,
            outcome: payload.outcome,
            error_code: payload.error_code,
            final: payload.final,
            attempted_at: new Date(payload.attempted_at),
            scheduled_for: payload.scheduled_for ? new Date(payload.scheduled_for) : undefined,
          },
        },
      }),
    );
  }
}
