import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ERASED_TEXT, ERASED_VERSION } from '@followup/contracts';
import { LeadErasureStore } from '@followup/messaging';
import { eraseFields, markErased } from '@followup/persistence';
import { EscalationDecisionRecord } from '../escalations/escalation-decision.schema';
import { EscalationRecord } from '../escalations/escalation.schema';
import { DirectoryEntryRecord } from '../lead-directory/directory-entry.schema';

/**
 * What compliance holds of a lead: its directory entry (names blanked, contacts removed, the country kept as every
 * service keeps it, held at ERASED_VERSION, and
 * created so when there is none yet, so no version of the lead still on its way, or sent later, fills it again) and,
 * in its escalation cases, the blocked draft, the resolution note and the release event's text while it waits in the
 * outbox, and the note in each case's claimed decision.
 */
@Injectable()
export class ComplianceErasureRepository implements LeadErasureStore {
  constructor(
    @InjectModel(DirectoryEntryRecord.name) private readonly directory: Model<DirectoryEntryRecord>,
    @InjectModel(EscalationRecord.name) private readonly escalations: Model<EscalationRecord>,
    @InjectModel(EscalationDecisionRecord.name) private readonly decisions: Model<EscalationDecisionRecord>,
  ) {}

  async erase(tenant: string, leadId: string): Promise<Record<string, number>> {
    const lead = { tenant, lead_id: leadId };
    const directoryFields = {
      blank: ['first_name', 'first_name_lc'],
      remove: ['last_name', 'last_name_lc', 'email', 'email_lc', 'phone'],
    };
    const escalationTexts = ['draft_message', 'resolution_note', 'outbox.0.event.payload.draft_message'];
    return {
      ...(await markErased(
        this.directory,
        lead,
        { version: { $ne: ERASED_VERSION } },
        { version: ERASED_VERSION },
        { first_name: ERASED_TEXT, first_name_lc: ERASED_TEXT },
      )),
      ...(await eraseFields(this.directory, lead, directoryFields, ERASED_TEXT)),
      ...(await eraseFields(this.escalations, lead, { blank: escalationTexts }, ERASED_TEXT)),
      ...(await eraseFields(this.decisions, lead, { blank: ['resolution_note'] }, ERASED_TEXT)),
    };
  }
}
