/** The Twilio-style values of MessageStatus in a status callback. */
export const SMS_PROVIDER_STATUSES = ['queued', 'sent', 'delivered', 'undelivered', 'failed'] as const;
export type SmsProviderStatus = (typeof SMS_PROVIDER_STATUSES)[number];

/** What a status means for the attempt: still on its way, handed to the handset, or never going to arrive. */
export type SmsStatusEffect = 'pending' | 'delivered' | 'failed';

export function isSmsProviderStatus(value: string): value is SmsProviderStatus {
  return (SMS_PROVIDER_STATUSES as readonly string[]).includes(value);
}

export function smsStatusEffect(status: SmsProviderStatus): SmsStatusEffect {
  switch (status) {
    case 'queued':
    case 'sent':
      return 'pending';
    case 'delivered':
      return 'delivered';
    case 'undelivered':
    case 'failed':
      return 'failed';
  }
}

/** The attempt's error code when the provider reports a message it accepted as lost for good; undefined otherwise. */
export function smsFailureCode(status: SmsProviderStatus): string | undefined {
  if (smsStatusEffect(status) !== 'failed') return undefined;
  return status === 'undelivered' ? 'SMS_UNDELIVERED' : 'SMS_FAILED';
}
