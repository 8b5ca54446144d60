import { isSmsProviderStatus, smsFailureCode, smsStatusEffect } from './sms-status';

describe('SMS status callbacks', () => {
  it.each([
    ['queued', 'pending'],
    ['sent', 'pending'],
    ['delivered', 'delivered'],
    ['undelivered', 'failed'],
    ['failed', 'failed'],
  ] as const)('reads %s as %s', (status, effect) => {
    expect(smsStatusEffect(status)).toBe(effect);
  });

  it('knows only the provider statuses', () => {
    expect(isSmsProviderStatus('delivered')).toBe(true);
    expect(isSmsProviderStatus('read')).toBe(false);
    expect(isSmsProviderStatus('')).toBe(false);
  });

  it('names only a final failure, after its status', () => {
    expect(smsFailureCode('undelivered')).toBe('SMS_UNDELIVERED');
    expect(smsFailureCode('failed')).toBe('SMS_FAILED');
    expect(smsFailureCode('delivered')).toBeUndefined();
    expect(smsFailureCode('sent')).toBeUndefined();
  });
});
