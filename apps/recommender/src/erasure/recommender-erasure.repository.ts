import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ERASED_TEXT } from '@followup/contracts';
import { ErasedLeadRepository, ErasedLeadsView, LeadErasureStore } from '@followup/messaging';
import { eraseFields } from '@followup/persistence';
import { ModelFeedbackRecord } from '../feedback/model-feedback.schema';
import { RecommendationRecord } from '../recommendations/recommendation.schema';

/**
 * What the recommender holds of a lead: in its recommendations, the request's first name and activity
 * summary, the draft and reasoning (in the result and in the stored outcome event it republishes on a
 * redelivered request, with the LLM exchange), and the rejection reasons kept as model feedback. The lead is noted
 * in `erased_leads` first, so a write of it from then on knows (ErasedLeadCheck).
 */
@Injectable()
export class RecommenderErasureRepository implements LeadErasureStore {
  constructor(
    @InjectModel(RecommendationRecord.name) private readonly recommendations: Model<RecommendationRecord>,
    @InjectModel(ModelFeedbackRecord.name) private readonly feedback: Model<ModelFeedbackRecord>,
    private readonly erasedLeads: ErasedLeadRepository,
    private readonly view: ErasedLeadsView,
  ) {}

  async erase(tenant: string, leadId: string): Promise<Record<string, number>> {
    await this.erasedLeads.add(tenant, leadId, new Date().toISOString());
    this.view.erased(tenant, leadId);
    const lead = { tenant, lead_id: leadId };
    const outcomeTexts = [
      'result.draft_message',
      'result.reasoning_summary',
      'llm_exchange.masked_prompt',
      'llm_exchange.raw_answer',
      'llm_exchange.refused_answers',
    ];
    const requestTexts = ['lead.first_name', 'input.recent_activity_summary'];
    const recommendationTexts = [
      // the request of a record stored before requests were kept as JSON text
      ...requestTexts.map((path) => `request_payload.${path}`),
      'result.draft_message',
      'result.reasoning_summary',
      // the outcome event of a record stored before events were kept as JSON text
      ...outcomeTexts.map((path) => `outcome_event.event.payload.${path}`),
    ];
    const texts = { request_payload: requestTexts, 'outcome_event.json': outcomeTexts.map((path) => `payload.${path}`) };
    return {
      ...(await eraseFields(this.recommendations, lead, { blank: recommendationTexts, blankInJson: texts }, ERASED_TEXT)),
      ...(await eraseFields(this.feedback, lead, { blank: ['reason'] }, ERASED_TEXT)),
    };
  }
}
