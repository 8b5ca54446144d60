import { Injectable } from '@nestjs/common';
import { RecommendationGeneratedEvent } from '@followup/contracts';
import { DraftScreeningRepository } from './draft-screening.repository';

@Injectable()
export class ReceiveGeneratedDraftUseCase {
  constructor(private readonly screenings: DraftScreeningRepository) {}

  async execute(event: RecommendationGeneratedEvent): Promise<void> {
    await this.screenings.receive({
      recommendation_id: event.payload.recommendation_id,
      tenant: event.tenant,
      lead_id: event.payload.lead_id,
      request_id: event.request_id,
      source_event_id: event.event_id,
      status: 'received',
      draft_length: event.payload.result.draft_message.length,
    });
  }
}
