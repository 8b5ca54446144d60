import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@followup/persistence';
import { ModelFeedbackRecord } from './model-feedback.schema';

@Injectable()
export class ModelFeedbackRepository {
  constructor(@InjectModel(ModelFeedbackRecord.name) private readonly feedback: Model<ModelFeedbackRecord>) {}

  /** Records the feedback once; a redelivered rejection gets the first record back, with its revision id. */
  async recordOnce(feedback: ModelFeedbackRecord): Promise<ModelFeedbackRecord> {
    try {
      await this.feedback.create(feedback);
      return feedback;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.feedback.findOne({ feedback_id: feedback.feedback_id }, { _id: 0, __v: 0 }).lean<ModelFeedbackRecord>().exec())!;
    }
  }
}
