import { Injectable } from '@nestjs/common';
import { InjectModel, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@followup/persistence';
import { ErasedLeads } from './erased-leads';

/**
 * One document per erased lead (its ids only, no PII) in the service's own database, written by its erasure before it
 * erases what the service holds, so what the service writes of the lead from then on can be told apart.
 */
@Schema({ collection: 'erased_leads', versionKey: false })
export class ErasedLeadDocument {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) erased_at: string;
}

export const ErasedLeadSchema = SchemaFactory.createForClass(ErasedLeadDocument);
// lead_id first: audit's first stage asks for the leads of a fetch, of any tenant
ErasedLeadSchema.index({ lead_id: 1, tenant: 1 }, { unique: true });

@Injectable()
export class ErasedLeadRepository {
  constructor(@InjectModel(ErasedLeadDocument.name) private readonly erasedLeads: Model<ErasedLeadDocument>) {}

  /** Once per lead: a later erasure of the same lead (a redelivered or repeated request) keeps the first. */
  async add(tenant: string, leadId: string, erasedAt: string): Promise<void> {
    try {
      await this.erasedLeads.collection.insertOne({ tenant, lead_id: leadId, erased_at: erasedAt });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async all(): Promise<ErasedLeads> {
    return ErasedLeads.of(await this.erasedLeads.find({}, { _id: 0, tenant: 1, lead_id: 1 }).lean<ErasedLeadDocument[]>().exec());
  }

  /** Which of these leads (of any tenant) were erased: one query. */
  async among(leadIds: readonly string[]): Promise<ErasedLeads> {
    if (leadIds.length === 0) return new ErasedLeads();
    const found = await this.erasedLeads
      .find({ lead_id: { $in: [...new Set(leadIds)] } }, { _id: 0, tenant: 1, lead_id: 1 })
      .lean<ErasedLeadDocument[]>()
      .exec();
    return ErasedLeads.of(found);
  }
}
