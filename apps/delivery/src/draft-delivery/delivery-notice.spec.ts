import { contractOutcome, deliveryFailedNotice } from './delivery-notice';

describe('deliveryFailedNotice', () => {
  const base = { recommendation_id: '5f1c2d9e-8a3b-4c6d-9e0f-1a2b3c4d5e6f', lead_id: 'LD-1' };

  it('goes to the owner rep with the last error code of each channel and no PII', () => {
    const notice = deliveryFailedNotice({
      ...base,
      owner_rep_id: 'rep-17',
      reason: 'ALL_CHANNELS_FAILED',
      attempts: [
        { attempt: 1, channel: 'sms', status: 'failed', error_code: 'SMS_PROVIDER_UNAVAILABLE' },
        { attempt: 2, channel: 'sms', status: 'failed', error_code: 'SMS_REJECTED' },
        { attempt: 3, channel: 'email', status: 'failed', error_code: 'SMTP_REJECTED' },
      ],
    });
    expect(notice).toMatchObject({ kind: 'delivery_failed', recipient_role: 'sales_rep', recipient_sub: 'rep-17', lead_id: 'LD-1' });
    expect(notice.message).toContain('sms: SMS_REJECTED, email: SMTP_REJECTED');
    expect(notice.message.length).toBeLessThanOrEqual(500);
  });

  it('goes to the sales managers when the owner is unknown, and says when the outcome is unknown', () => {
    const notice = deliveryFailedNotice({
      ...base,
      reason: 'OUTCOME_UNKNOWN',
      attempts: [{ attempt: 1, channel: 'sms', status: 'unknown' }],
    });
    expect(notice.recipient_role).toBe('sales_manager');
    expect(notice.recipient_sub).toBeUndefined();
    expect(notice.message).toMatch(/may or may not have reached/);
  });
});

describe('contractOutcome', () => {
  it('maps recorded statuses onto the contract', () => {
    expect(contractOutcome('skipped')).toBe('skipped_no_consent');
    expect(contractOutcome('unknown')).toBe('failed');
    expect(contractOutcome('task_created')).toBe('task_created');
  });
});
