import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ERASED_TEXT, ERASED_VERSION } from '@followup/contracts';
import { LeadErasureStore } from '@followup/messaging';
import { eraseFields, markErased } from '@followup/persistence';
import { CallTaskRecord } from '../call-tasks/call-task.schema';
import { CONTACT_ERASURE, contactTombstone } from '../contact-directory/contact-index';
import { ContactRecord } from '../contact-directory/contact.schema';
import { ApprovedDeliveryRecord } from '../draft-delivery/approved-delivery.schema';
import { DeliveryAttemptRecord } from '../draft-delivery/delivery-attempt.schema';
import { normaliseAddress } from '../suppression/suppression-address';
import { SuppressionRecord } from '../suppression/suppression.schema';

/**
 * What delivery holds of a lead: its contact entry (name blanked, addresses removed, held at ERASED_VERSION, and
 * created so when there is none yet, so no version of the lead still on its way, or sent later, fills it again) and
 * the approved drafts its call tasks and its kept approvals carry (in approved_deliveries for sends waiting
 * for their moment, on the first attempt for the others). The suppression entries of its addresses stay, so the
 * person stays opted out should the CRM create them again, but their free-text reasons are blanked, first: the
 * contact entry's addresses find them.
 */
@Injectable()
export class DeliveryErasureRepository implements LeadErasureStore {
  constructor(
    @InjectModel(ContactRecord.name) private readonly contacts: Model<ContactRecord>,
    @InjectModel(CallTaskRecord.name) private readonly callTasks: Model<CallTaskRecord>,
    @InjectModel(ApprovedDeliveryRecord.name) private readonly approvals: Model<ApprovedDeliveryRecord>,
    @InjectModel(DeliveryAttemptRecord.name) private readonly attempts: Model<DeliveryAttemptRecord>,
    @InjectModel(SuppressionRecord.name) private readonly suppressions: Model<SuppressionRecord>,
  ) {}

  async erase(tenant: string, leadId: string): Promise<Record<string, number>> {
    const lead = { tenant, lead_id: leadId };
    const { tenant: _tenant, lead_id: _leadId, version: _version, ...tombstone } = contactTombstone(tenant, leadId);
    return {
      ...(await this.eraseSuppressionReasons(tenant, leadId)),
      ...(await markErased(this.contacts, lead, { version: { $ne: ERASED_VERSION } }, { version: ERASED_VERSION }, tombstone)),
      ...(await eraseFields(this.contacts, lead, CONTACT_ERASURE, ERASED_TEXT)),
      ...(await eraseFields(this.callTasks, lead, { blank: ['talking_points'] }, ERASED_TEXT)),
      ...(await eraseFields(this.approvals, lead, { blank: ['draft_message'] }, ERASED_TEXT)),
      ...(await eraseFields(this.attempts, lead, { blank: ['approval.draft_message'] }, ERASED_TEXT)),
    };
  }

  /** Blanks the reasons of the suppression entries of the lead's addresses, as its contact entry still holds them. */
  private async eraseSuppressionReasons(tenant: string, leadId: string): Promise<Record<string, number>> {
    const contact = await this.contacts
      .findOne({ tenant, lead_id: leadId }, { _id: 0, contacts: 1 })
      .lean<Pick<ContactRecord, 'contacts'>>()
      .exec();
    const { email, phone } = contact?.contacts ?? {};
    const entries = [
      ...(phone ? [{ channel: 'sms', address: normaliseAddress('sms', phone) }] : []),
      ...(email ? [{ channel: 'email', address: normaliseAddress('email', email) }] : []),
    ].filter((entry) => entry.address !== undefined);
    if (entries.length === 0) return { 'suppressions.reason': 0 };
    return eraseFields(this.suppressions, { tenant, $or: entries }, { blank: ['reason'] }, ERASED_TEXT);
  }
}
