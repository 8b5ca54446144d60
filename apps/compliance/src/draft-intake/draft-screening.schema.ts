import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const SCREENING_STATUSES = ['received'] as const;

/** A generated draft the compliance service has taken in for screening (the PII scan is the workflow issue's). */
@Schema({ collection: 'draft_screenings', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class DraftScreeningRecord {
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ required: true }) request_id: string;
  @Prop({ required: true }) source_event_id: string;
  @Prop({ type: String, required: true, enum: SCREENING_STATUSES }) status: (typeof SCREENING_STATUSES)[number];
  @Prop({ required: true }) draft_length: number;
}

export const DraftScreeningSchema = SchemaFactory.createForClass(DraftScreeningRecord);
DraftScreeningSchema.index({ recommendation_id: 1 }, { unique: true });
