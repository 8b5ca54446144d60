import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { NOTIFICATION_KINDS, NotificationKind, ROLES, Role } from '@followup/contracts';

/** A notification for a role of a tenant, and for one user of that role when `recipient_sub` is set. */
@Schema({ collection: 'notifications', timestamps: false })
export class NotificationRecord {
  /** The NotificationRequested event's id: storing the same event twice is a no-op. */
  @Prop({ required: true }) notification_id: string;
  @Prop({ required: true }) tenant: string;
  @Prop({ type: String, required: true, enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @Prop({ type: String, required: true, enum: ROLES }) recipient_role: Role;
  @Prop() recipient_sub?: string;
  @Prop() recommendation_id?: string;
  @Prop() lead_id?: string;
  @Prop({ required: true }) message: string;
  @Prop({ required: true }) producer: string;
  @Prop({ required: true }) request_id: string;
  /** When the event occurred; the list is newest first by this. */
  @Prop({ required: true }) created_at: Date;
  /** The users who marked it read (a role-wide notification is read per user). */
  @Prop({ type: [String], default: [] }) read_by: string[];
}

export const NotificationSchema = SchemaFactory.createForClass(NotificationRecord);
NotificationSchema.index({ notification_id: 1 }, { unique: true });
NotificationSchema.index({ tenant: 1, recipient_role: 1, created_at: -1 });
