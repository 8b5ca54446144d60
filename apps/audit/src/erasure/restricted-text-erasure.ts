import { Injectable } from '@nestjs/common';
import { ErasedLeadRepository, ErasedLeadsView, LeadErasureStore } from '@followup/messaging';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { DraftTextRepository } from '../audit-trail/draft-text.repository';

/**
 * The audit trail's share of an erasure: the restricted texts of the lead and its recommendations, blanked to
 * tombstones (the records keep their digests). The lead is noted as erased first, so a text of it that the first
 * stage stores from then on is stored as a tombstone too.
 */
@Injectable()
export class RestrictedTextErasure implements LeadErasureStore {
  constructor(
    private readonly records: AuditRecordRepository,
    private readonly texts: DraftTextRepository,
    private readonly erasedLeads: ErasedLeadRepository,
    private readonly view: ErasedLeadsView,
  ) {}

  async erase(tenant: string, leadId: string): Promise<Record<string, number>> {
    const erasedAt = new Date().toISOString();
    await this.erasedLeads.add(tenant, leadId, erasedAt);
    this.view.erased(tenant, leadId);
    const recommendationIds = await this.records.recommendationIdsOfLead(tenant, leadId);
    return { draft_texts: await this.texts.eraseByLead(tenant, leadId, recommendationIds, erasedAt) };
  }
}
