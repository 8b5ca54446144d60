export interface ReceivedMessage {
  channel: 'email' | 'sms' | 'phone_call';
  /** undefined: the message names no recommendation */
  recommendation_id?: string;
}

export interface DeliveryTally {
  delivered: string[];
  duplicate: string[];
  handed_to_person: string[];
  lost: string[];
  countById: Map<string, number>;
  unexplained: ReceivedMessage[];
  unapproved: ReceivedMessage[];
}

export declare function recommendationOfKey(key: string | undefined): string | undefined;
export declare function recommendationOfMail(raw: string): string | undefined;
export declare function receivedRecommendations(received: {
  mails: readonly { raw: string }[];
  sms: readonly { idempotency_key?: string }[];
  callTasks: readonly { recommendation_id?: string }[];
}): ReceivedMessage[];
export declare function tallyDeliveries(input: {
  approved: Iterable<string>;
  received: readonly ReceivedMessage[];
  inFlightAtKills?: Iterable<string>;
  notified?: Iterable<string>;
}): DeliveryTally;
