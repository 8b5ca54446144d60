import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupInsert } from '@followup/persistence';
import { ModelFeedbackRecord } from './model-feedback.schema';

@Injectable()
export class ModelFeedbackRepository {
  private readonly inserts: GroupInsert<ModelFeedbackRecord>;

  constructor(@InjectModel(ModelFeedbackRecord.name) private readonly feedback: Model<ModelFeedbackRecord>) {
    this.inserts = new GroupInsert(feedback);
  }

  /** Records the feedback once; a redelivered rejection gets the first record back, with its revision id. */
  async recordOnce(feedback: ModelFeedbackRecord): Promise<ModelFeedbackRecord> {
    if ((await this.inserts.insert(feedback)).inserted) return feedback;
    return (await this.feedback.findOne({ feedback_id: feedback.feedback_id }, { _id: 0, __v: 0 }).lean<ModelFeedbackRecord>().exec())!;
  }

  /** The rejection the recommendation `revisedRecommendationId` re-analysed, if it is a revision. */
  async findByRevision(tenant: string, revisedRecommendationId: string): Promise<ModelFeedbackRecord | null> {
    return this.feedback
      .findOne({ tenant, revised_recommendation_id: revisedRecommendationId }, { _id: 0, __v: 0 })
      .lean<ModelFeedbackRecord>()
      .exec();
  }
}
