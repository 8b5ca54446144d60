import type { Channel } from '@followup/contracts';

/** One message to one lead on one channel. Holds PII (address, text): never logged. */
export interface OutboundMessage {
  tenant: string;
  recommendation_id: string;
  lead_id: string;
  owner_rep_id: string;
  /** `<recommendation_id>:<attempt>`: the same key for the same attempt, whoever sends it. */
  idempotency_key: string;
  request_id: string;
  /** The email address or E.164 phone number for the channel. */
  to: string;
  first_name: string;
  body: string;
}

export type SendResult =
  | { status: 'delivered'; provider_message_id?: string }
  | { status: 'task_created'; task_id: string }
  /** Worth retrying on the same channel: the provider was down, slow, or asked to come back later. */
  | { status: 'transient_failure'; error_code: string; provider_status?: number }
  /** Retrying the same channel will not help: the provider refused the message or the channel is not set up. */
  | { status: 'permanent_failure'; error_code: string; provider_status?: number };

/** Every channel behind one interface; an adapter never throws for a provider's answer, it classifies it. */
export interface ChannelAdapter {
  readonly channel: Channel;
  send(message: OutboundMessage): Promise<SendResult>;
}

export const CHANNEL_ADAPTERS = Symbol('CHANNEL_ADAPTERS');

export const CHANNEL_NOT_CONFIGURED = 'CHANNEL_NOT_CONFIGURED';
