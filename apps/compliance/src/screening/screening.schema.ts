import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { PiiFinding, SCREENING_STAGES, SCREENING_VERDICTS, ScreeningStage, ScreeningVerdict } from '@followup/contracts';

/**
 * One PII screening of a draft at one stage (the generated draft, the approved draft before delivery).
 * Kinds and positions only, never the text.
 */
@Schema({ collection: 'screenings', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class ScreeningRecord {
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ type: String, required: true, enum: SCREENING_STAGES }) stage: ScreeningStage;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) request_id: string;
  @Prop({ required: true }) source_event_id: string;
  @Prop({ type: String, required: true, enum: SCREENING_VERDICTS }) verdict: ScreeningVerdict;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) findings: PiiFinding[];
  @Prop({ required: true }) draft_length: number;
  @Prop() escalation_id?: string;
  @Prop({ required: true }) screened_at: Date;
}

export const ScreeningSchema = SchemaFactory.createForClass(ScreeningRecord);
ScreeningSchema.index({ recommendation_id: 1, stage: 1 }, { unique: true });
