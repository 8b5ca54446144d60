import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A signed bounce report's token with what it reported: the signature covers the timestamp and the token only (the
 * provider's scheme), so a token is taken for the one report first posted with it. No address, no text.
 */
@Schema({ collection: 'email_bounce_tokens', timestamps: { createdAt: 'received_at', updatedAt: false } })
export class BounceTokenRecord {
  @Prop({ required: true }) token: string;
  @Prop({ required: true }) message_id: string;
  @Prop({ required: true }) severity: string;
  received_at: Date;
}

export const BounceTokenSchema = SchemaFactory.createForClass(BounceTokenRecord);
BounceTokenSchema.index({ token: 1 }, { unique: true });
