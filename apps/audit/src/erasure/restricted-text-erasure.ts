import { Injectable } from '@nestjs/common';
import { ErasedLeadRepository, ErasedLeadsView, LeadErasureStore } from '@followup/messaging';
import { AuditRecordRepository } from '../audit-trail/audit-record.repository';
import { DraftTextRepository } from '../audit-trail/draft-text.repository';
import { TextDigestKeyring } from '../audit-trail/text-digest-keyring';
import { leadKeyOwner, recommendationKeyOwner } from '../audit-trail/text-digest-keys';

/**
 * The audit trail's share of an erasure: the restricted texts of the lead and its recommendations, blanked to
 * tombstones, and the keys their digests were chained under, deleted, so the digests the records keep can no longer
 * be linked to any text. The lead is noted as erased first, so a text of it that the first stage stores from then on
 * is stored as a tombstone too, and digested under a key kept nowhere.
 */
@Injectable()
export class RestrictedTextErasure implements LeadErasureStore {
  constructor(
    private readonly records: AuditRecordRepository,
    private readonly texts: DraftTextRepository,
    private readonly digestKeys: TextDigestKeyring,
    private readonly erasedLeads: ErasedLeadRepository,
    private readonly view: ErasedLeadsView,
  ) {}

  async erase(tenant: string, leadId: string): Promise<Record<string, number>> {
    const erasedAt = new Date().toISOString();
    await this.erasedLeads.add(tenant, leadId, erasedAt);
    this.view.erased(tenant, leadId);
    const recommendationIds = await this.records.recommendationIdsOfLead(tenant, leadId);
    const keyOwners = [leadKeyOwner(leadId), ...recommendationIds.map(recommendationKeyOwner)];
    return {
      draft_texts: await this.texts.eraseByLead(tenant, leadId, recommendationIds, erasedAt),
      text_digest_keys: await this.digestKeys.erase(tenant, keyOwners),
    };
  }
}
