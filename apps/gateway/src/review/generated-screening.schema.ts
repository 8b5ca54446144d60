import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { PiiFinding, ScreeningVerdict } from '@followup/contracts';

/**
 * Compliance's informational verdict on a freshly generated draft, shown to reviewers in the queue. Kept
 * apart from the recommendation record, so this consumer never writes the record a reviewer is deciding on.
 */
@Schema({ collection: 'generated_screenings', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class GeneratedScreeningRecord {
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ type: String, required: true }) verdict: ScreeningVerdict;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) findings: PiiFinding[];
  @Prop() escalation_id?: string;
  @Prop({ required: true }) screened_at: Date;
}

export const GeneratedScreeningSchema = SchemaFactory.createForClass(GeneratedScreeningRecord);
GeneratedScreeningSchema.index({ recommendation_id: 1 }, { unique: true });
