import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { REJECTION_CATEGORIES, RejectionCategory } from './rejection-feedback';

/** A rep's rejection, kept as model feedback, with the recommendation that re-analysed it. */
@Schema({ collection: 'model_feedback', timestamps: { createdAt: 'created_at', updatedAt: false } })
export class ModelFeedbackRecord {
  @Prop({ required: true }) feedback_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ required: true }) reviewer_sub: string;
  @Prop({ required: true }) reason: string;
  @Prop({ type: String, required: true, enum: REJECTION_CATEGORIES }) category: RejectionCategory;
  @Prop({ required: true }) revised_recommendation_id: string;
}

export const ModelFeedbackSchema = SchemaFactory.createForClass(ModelFeedbackRecord);
ModelFeedbackSchema.index({ feedback_id: 1 }, { unique: true });
ModelFeedbackSchema.index({ tenant: 1, category: 1 });
ModelFeedbackSchema.index({ tenant: 1, revised_recommendation_id: 1 });
