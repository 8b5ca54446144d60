import { Injectable } from '@nestjs/common';
import { LeadErasureStore } from '@followup/messaging';
import { DraftTextRepository } from '../audit-trail/draft-text.repository';

/** The audit trail's share of an erasure: the lead's restricted texts (the records keep their digests). */
@Injectable()
export class RestrictedTextErasure implements LeadErasureStore {
  constructor(private readonly texts: DraftTextRepository) {}

  async erase(tenant: string, leadId: string): Promise<Record<string, number>> {
    return { draft_texts: await this.texts.deleteByLead(tenant, leadId) };
  }
}
