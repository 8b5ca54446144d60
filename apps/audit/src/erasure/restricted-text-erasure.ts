import { Injectable } from '@nestjs/common';
import { LeadErasureStore } from '@followup/messaging';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { DraftTextRepository } from '../audit-trail/draft-text.repository';

/** The audit trail's share of an erasure: the restricted texts of the lead and its recommendations, blanked to tombstones (the records keep their digests). */
@Injectable()
export class RestrictedTextErasure implements LeadErasureStore {
  constructor(
    private readonly records: AuditRecordRepository,
    private readonly texts: DraftTextRepository,
  ) {}

  async erase(tenant: string, leadId: string): Promise<Record<string, number>> {
    const recommendationIds = await this.records.recommendationIdsOfLead(tenant, leadId);
    return { draft_texts: await this.texts.eraseByLead(tenant, leadId, recommendationIds, new Date().toISOString()) };
  }
}
