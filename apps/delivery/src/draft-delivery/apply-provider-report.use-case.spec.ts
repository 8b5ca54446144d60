import { Clock } from '@followup/config';
import { ApplyProviderReportUseCase, PROVIDER_REPORT_JOB, ProviderReportPayload } from './apply-provider-report.use-case';

class ManualClock extends Clock {
  constructor(public current: Date) {
    super();
  }
  now() {
    return new Date(this.current);
  }
}

const quietLogger = { setContext: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const attempt = { tenant: 'acme', recommendation_id: 'rec-1', attempt: 1, idempotency_key: 'rec-1:1', channel: 'sms' };

/** The use case over stand-ins: an attempt recorded with the message id or not, a send in progress or not. */
function setup({ recorded = false, sending = false, recordedWhileChecking = false }) {
  const clock = new ManualClock(new Date('2026-06-10T14:00:00Z'));
  const scheduled: { key: string; kind: string; tenant: string; due_at: Date; payload: Record<string, unknown> }[] = [];
  const failedOver: unknown[] = [];
  const state = { recorded };
  const useCase = new ApplyProviderReportUseCase(
    {
      findByProviderMessage: async () => (state.recorded ? attempt : null),
      sendingSince: async () => {
        if (recordedWhileChecking) state.recorded = true; // the last send's run writes the id just now
        return sending;
      },
      recordProviderStatus: async () => undefined,
    } as never,
    { failAfterDelivery: async (failure: unknown) => failedOver.push(failure) > 0 } as never,
    { schedule: async (job: (typeof scheduled)[number]) => scheduled.push(job) > 0 } as never,
    clock,
    quietLogger as never,
  );
  return { useCase, clock, scheduled, failedOver, state };
}

const report = { channel: 'sms' as const, providerMessageId: 'SM1', providerStatus: 'undelivered', failureCode: 'SMS_UNDELIVERED' };

describe('ApplyProviderReportUseCase', () => {
  it('keeps a failure report that finds no attempt while a send is in progress, and applies it once the attempt names the message', async () => {
    const { useCase, clock, scheduled, failedOver, state } = setup({ sending: true });
    expect(await useCase.execute(report)).toBe('deferred');
    expect(scheduled.map(({ key, kind, due_at }) => [key, kind, due_at.toISOString()])).toEqual([
      ['delivery.provider-report:sms:SM1', PROVIDER_REPORT_JOB, '2026-06-10T14:00:01.000Z'],
    ]);
    const payload = scheduled[0].payload as unknown as ProviderReportPayload;
    // not recorded yet: it looks again five seconds on
    clock.current = new Date('2026-06-10T14:00:02Z');
    await useCase.later(payload);
    expect(scheduled.slice(1).map(({ key, due_at }) => [key, due_at.toISOString()])).toEqual([
      ['delivery.provider-report:sms:SM1:1781100007000', '2026-06-10T14:00:07.000Z'],
    ]);
    expect(failedOver).toEqual([]);
    state.recorded = true;
    await useCase.later(payload);
    expect(failedOver).toEqual([{ tenant: 'acme', recommendation_id: 'rec-1', attempt: 1, error_code: 'SMS_UNDELIVERED' }]);
  });

  it('gives a kept report up once no send of its time can still be recording it, five minutes on', async () => {
    const { useCase, clock, scheduled, failedOver } = setup({ sending: true });
    await useCase.execute(report);
    const payload = scheduled[0].payload as unknown as ProviderReportPayload;
    clock.current = new Date('2026-06-10T14:04:55Z'); // its next look, 5 min 0 s after the report, is the last
    await useCase.later(payload);
    clock.current = new Date('2026-06-10T14:04:56Z');
    await useCase.later(payload);
    expect(scheduled.map(({ due_at }) => due_at.toISOString())).toEqual(['2026-06-10T14:00:01.000Z', '2026-06-10T14:05:00.000Z']);
    expect(failedOver).toEqual([]);
  });

  it('applies a report whose attempt the last send in progress recorded while it was being kept', async () => {
    const { useCase, scheduled, failedOver } = setup({ recordedWhileChecking: true });
    expect(await useCase.execute(report)).toBe('failed_over');
    expect(scheduled).toEqual([]);
    expect(failedOver).toHaveLength(1);
  });

  it('keeps no report when no send is in progress, nor one that reports no failure', async () => {
    const idle = setup({ sending: false });
    expect(await idle.useCase.execute(report)).toBe('unknown_message');
    const delivered = setup({ sending: true });
    expect(await delivered.useCase.execute({ ...report, providerStatus: 'delivered', failureCode: undefined })).toBe('unknown_message');
    expect([...idle.scheduled, ...delivered.scheduled]).toEqual([]);
  });
});
