import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ERASED_TEXT } from '@followup/contracts';
import { LeadErasureStore } from '@followup/messaging';
import { blankedTexts, eraseFields } from '@followup/persistence';
import { LeadView } from '../leads/lead-view';
import { LeadRecord } from '../leads/lead.schema';
import { RecommendationRequestRecord } from '../recommendations/recommendation-request.schema';
import { RecommendationTransitionRecord } from '../recommendations/recommendation-transition.schema';
import { RecommendationVersions, RecordChange } from '../recommendations/recommendation-versions';

/**
 * The request event's texts: in `requested_event` (its JSON text as sent), and, in records stored before its outbox became
 * a marker pointing there, in the outbox until the broker acknowledged it.
 */
const REQUEST_TEXTS = ['payload.lead.first_name', 'payload.input.recent_activity_summary'];
/** The review event's texts, while it waits in the outbox. */
const REVIEW_EVENT_TEXTS = ['payload.draft_message', 'payload.original_draft', 'payload.edit_diff', 'payload.rejection_reason'];

/**
 * What the gateway holds of a lead: the lead record (name blanked, last name and contacts removed; the record,
 * its owner and version stay, so ownership checks and the CRM's next version still work) and, in its
 * recommendation requests, the drafts, reasoning, review texts and the request's name and activity summary,
 * also in the changes of those records kept in recommendation_transitions.
 * Each recommendation record is then changed once more through RecommendationVersions (erasing any text a change
 * made since the sweep put back): its version moves on, so a copy any instance remembers from before the erasure
 * (`RecommendationVersions.remembered`, which an approval decides on) finds its next version claimed and is read
 * again instead of writing its texts back.
 */
@Injectable()
export class GatewayErasureRepository implements LeadErasureStore {
  constructor(
    @InjectModel(LeadRecord.name) private readonly leads: Model<LeadRecord>,
    @InjectModel(RecommendationRequestRecord.name) private readonly requests: Model<RecommendationRequestRecord>,
    @InjectModel(RecommendationTransitionRecord.name) private readonly transitions: Model<RecommendationTransitionRecord>,
    private readonly versions: RecommendationVersions,
    private readonly view: LeadView,
  ) {}

  async erase(tenant: string, leadId: string): Promise<Record<string, number>> {
    const lead = { tenant, lead_id: leadId };
    const requestTexts = [
      'result.draft_message',
      'result.reasoning_summary',
      'review.draft_message',
      'review.original_draft',
      'review.edit_diff',
      'review.rejection_reason',
      // the request event of a record stored before it was kept as JSON text
      ...REQUEST_TEXTS.map((path) => `requested_event.${path}`),
      ...[...REQUEST_TEXTS, ...REVIEW_EVENT_TEXTS].map((path) => `outbox.event.${path}`),
    ];
    const erased = {
      ...(await eraseFields(
        this.leads,
        lead,
        { blank: ['first_name'], remove: ['last_name', 'contacts.email', 'contacts.phone'] },
        ERASED_TEXT,
      )),
      ...(await eraseFields(this.requests, lead, { blank: requestTexts, blankInJson: { requested_event: REQUEST_TEXTS } }, ERASED_TEXT)),
    };
    // this instance's view lets go of it now (the others as they consume the request)
    this.view.erased(tenant, leadId);
    const records = await this.requests.find(lead, { _id: 0, recommendation_id: 1 }).lean<{ recommendation_id: string }[]>().exec();
    for (const { recommendation_id } of records) {
      await this.versions.change(tenant, recommendation_id, (record) => ({
        result: undefined,
        // a change even when there is nothing left to erase: the version must move on
        change: record ? { set: blankedTexts(record, requestTexts, ERASED_TEXT) as RecordChange['set'] } : undefined,
      }));
    }
    // last: the changes claimed by then, that guarded pass's included, hold no text
    return {
      ...erased,
      // a claim's change as its Extended JSON text (a date is `{"$date": …}` there, which the JSON round trip keeps),
      // or as the object of claims stored before
      ...(await eraseFields(
        this.transitions,
        lead,
        { blank: requestTexts.map((path) => `set.${path}`), blankInJson: { set: requestTexts } },
        ERASED_TEXT,
      )),
    };
  }
}
