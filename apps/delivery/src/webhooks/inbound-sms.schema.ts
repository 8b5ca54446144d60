import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** An inbound text handled once: its provider id, so a replayed webhook changes nothing. No number, no text. */
@Schema({ collection: 'inbound_sms', timestamps: { createdAt: 'received_at', updatedAt: false } })
export class InboundSmsRecord {
  @Prop({ required: true }) message_sid: string;
  @Prop({ type: [String], required: true }) tenants: string[];
  /** `opt_out`, `opt_in`, or `none` for any other text. */
  @Prop({ required: true }) intent: string;
  received_at: Date;
}

export const InboundSmsSchema = SchemaFactory.createForClass(InboundSmsRecord);
InboundSmsSchema.index({ message_sid: 1 }, { unique: true });
