import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/**
 * One change of a recommendation record, claimed before it is made: the unique (recommendation_id, version)
 * index lets exactly one writer take a record from version n to n + 1 (see RecommendationVersions for why an
 * insert, not a conditional update, decides). It keeps the change, so whoever finds it claimed but not yet on
 * the record can finish it. `tenant` and `lead_id` are there for erasure (the change may hold draft texts).
 * `set` is kept as its Extended JSON text (dates stay dates): it is read only to finish a claimed step, and as a
 * document FerretDB converted its every field, about 0.9 ms per claim for FerretDB and PostgreSQL against 0.5 as text
 * (docs/PROOF.md). Claims stored before hold the object.
 */
@Schema({ collection: 'recommendation_transitions', versionKey: false })
export class RecommendationTransitionRecord {
  @Prop({ required: true }) recommendation_id: string;
  @Prop({ required: true }) version: number;
  @Prop({ required: true }) tenant: string;
  @Prop({ required: true }) lead_id: string;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) set: string | Record<string, unknown>;
  @Prop({ type: [String], default: [] }) unset: string[];
  @Prop({ required: true }) at: Date;
}

export const RecommendationTransitionSchema = SchemaFactory.createForClass(RecommendationTransitionRecord);
RecommendationTransitionSchema.index({ recommendation_id: 1, version: 1 }, { unique: true });
