import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { LeadUpsertedEvent } from '@followup/contracts';
import { AuditRecordDocument, auditRecordOf } from '../audit-trail/audit-record.schema';

interface LeadVersion {
  version?: unknown;
  owner_rep_id?: unknown;
}

/**
 * Who owns a lead now, as this service knows it: the owner in the newest lead version the audit trail
 * recorded from `lead.upserted` (the record keeps `owner_rep_id` and `version`; only PII is stripped).
 */
@Injectable()
export class LeadOwnerRepository {
  constructor(@InjectModel(AuditRecordDocument.name) private readonly records: Model<AuditRecordDocument>) {}

  async ownerOf(tenant: string, leadId: string): Promise<string | undefined> {
    const stored = await this.records
      .find({ tenant, lead_id: leadId, event_type: LeadUpsertedEvent.type }, { _id: 0, payload: 1 })
      .lean<{ payload: unknown }[]>()
      .exec();
    // the payload is JSON text: the newest version is picked here, not by a sort inside it
    const newest = stored
      .map((record) => auditRecordOf(record).payload as LeadVersion)
      .reduce<LeadVersion | undefined>(
        (found, lead) => (found === undefined || Number(lead.version) > Number(found.version) ? lead : found),
        undefined,
      );
    const owner = newest?.owner_rep_id;
    return typeof owner === 'string' ? owner : undefined;
  }
}
