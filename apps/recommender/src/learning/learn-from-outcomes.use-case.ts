import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DeliveryAttemptedEvent, EngagementLoggedEvent } from '@followup/contracts';
import { RecommendationRepository } from '../recommendations/recommendation.repository';
import { ChannelObservationRecord } from './channel-observation.schema';
import { ChannelObservationRepository } from './channel-observation.repository';
import { isChannelObservation, observationFromDelivery, observationsFromEngagements } from './observations';
import { TierPriors } from './tier-priors';

/** Updates the tenant-and-tier channel priors from outcomes reported after a recommendation. */
@Injectable()
export class LearnFromOutcomesUseCase {
  constructor(
    private readonly observations: ChannelObservationRepository,
    private readonly recommendations: RecommendationRepository,
    private readonly priors: TierPriors,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(LearnFromOutcomesUseCase.name);
  }

  async fromEngagements(event: EngagementLoggedEvent): Promise<void> {
    await this.record(observationsFromEngagements(event.event_id, event.tenant, event.payload, new Date(event.occurred_at)));
  }

  async fromDelivery(event: DeliveryAttemptedEvent): Promise<void> {
    if (!isChannelObservation(event.payload)) return;
    const recommendation = await this.recommendations.findTier(event.tenant, event.payload.recommendation_id);
    await this.record([observationFromDelivery(event.event_id, event.tenant, recommendation?.account_tier ?? 'unknown', event.payload)]);
  }

  private async record(observations: ChannelObservationRecord[]): Promise<void> {
    const recorded = await this.observations.recordAll(observations);
    for (const { tenant, tier } of observations) this.priors.forget(tenant, tier);
    this.logger.info({ observations: observations.length, new_observations: recorded }, 'channel priors updated');
  }
}
