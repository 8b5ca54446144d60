import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { LeadUpsertedEvent } from '@followup/contracts';
import { AuditRecordDocument } from '../audit-trail/audit-record.schema';

/**
 * Who owns a lead now, as this service knows it: the owner in the newest lead version the audit trail
 * recorded from `lead.upserted` (the record keeps `owner_rep_id` and `version`; only PII is stripped).
 */
@Injectable()
export class LeadOwnerRepository {
  constructor(@InjectModel(AuditRecordDocument.name) private readonly records: Model<AuditRecordDocument>) {}

  async ownerOf(tenant: string, leadId: string): Promise<string | undefined> {
    const newest = await this.records
      .findOne({ tenant, lead_id: leadId, event_type: LeadUpsertedEvent.type }, { _id: 0, payload: 1 })
      .sort({ 'payload.version': -1 })
      .lean<{ payload: { owner_rep_id?: unknown } }>()
      .exec();
    const owner = newest?.payload.owner_rep_id;
    return typeof owner === 'string' ? owner : undefined;
  }
}
