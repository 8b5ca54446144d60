import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ERASED_TEXT } from '@followup/contracts';
import { LeadErasureStore } from '@followup/messaging';
import { eraseFields } from '@followup/persistence';
import { LeadSuppressionRepository } from '../lead-suppressions/lead-suppression.repository';
import { LeadVersions } from '../leads/lead-versions';
import { LeadView } from '../leads/lead-view';
import { RecommendationRequestRecord } from '../recommendations/recommendation-request.schema';
import { RecommendationTransitionRecord } from '../recommendations/recommendation-transition.schema';
import { CLAIMED_TEXTS, RECOMMENDATION_TEXTS, REQUEST_EVENT_TEXTS } from '../recommendations/recommendation-texts';
import { RecommendationRequestRepository } from '../recommendations/recommendation-request.repository';

/**
 * What the gateway holds of a lead: the lead record, erased as a version of its own (LeadVersions.erase: marked
 * `erased_at`, or created so when the gateway holds none, so the lead is not found from then on and its id is refused;
 * name blanked, last name and contacts removed, and so are the copies its version claims keep; the owner stays, so
 * the ownership checks of its past recommendations still work) and, in its recommendation requests,
 * the drafts, reasoning, review texts and the request's name and activity summary, also in the changes of those
 * records kept in recommendation_transitions, and the free-text reasons of its opt-outs (lead_suppressions, on every
 * lead that shares one).
 * Each recommendation record is then changed once more through RecommendationVersions, which marks it `erased_at`
 * (every later change of it, such as a recommender's answer still on its way, is written with its texts erased) and
 * erases any text a change made since the sweep put back: its version moves on, so a copy any instance remembers
 * from before the erasure (`RecommendationVersions.remembered`, which an approval decides on) finds its next version
 * claimed and is read again instead of writing its texts back.
 */
@Injectable()
export class GatewayErasureRepository implements LeadErasureStore {
  constructor(
    @InjectModel(RecommendationRequestRecord.name) private readonly requests: Model<RecommendationRequestRecord>,
    @InjectModel(RecommendationTransitionRecord.name) private readonly transitions: Model<RecommendationTransitionRecord>,
    private readonly recommendations: RecommendationRequestRepository,
    private readonly view: LeadView,
    private readonly leadVersions: LeadVersions,
    private readonly leadSuppressions: LeadSuppressionRepository,
  ) {}

  async erase(tenant: string, leadId: string): Promise<Record<string, number>> {
    const lead = { tenant, lead_id: leadId };
    const erasedAt = new Date();
    const erased = {
      // the lead record's erasure is a version of its own (LeadVersions): a PUT writing meanwhile is waited for (or
      // finished), one deciding after it finds the lead erased, and one slower than that is undone by the second pass
      ...(await this.leadVersions.erase(tenant, leadId, erasedAt)),
      ...(await eraseFields(
        this.requests,
        lead,
        { blank: RECOMMENDATION_TEXTS, blankInJson: { requested_event: REQUEST_EVENT_TEXTS } },
        ERASED_TEXT,
      )),
      ...(await this.leadSuppressions.eraseReasonsOf(tenant, leadId)),
    };
    // this instance's view lets go of it now (the others as they consume the request)
    this.view.erased(tenant, leadId);
    const records = await this.requests.find(lead, { _id: 0, recommendation_id: 1 }).lean<{ recommendation_id: string }[]>().exec();
    for (const { recommendation_id } of records) await this.recommendations.markErased(tenant, recommendation_id, erasedAt);
    // last: the changes claimed by then, that guarded pass's included, hold no text
    return {
      ...erased,
      ...(await eraseFields(this.transitions, lead, CLAIMED_TEXTS, ERASED_TEXT)),
    };
  }
}
