import { PinoLogger } from 'nestjs-pino';
import { ErrorCode } from '@followup/contracts';
import { ContactRepository } from '../contact-directory/contact.repository';
import { ChangeSuppressionUseCase, SMS_OPT_OUT_SOURCES } from './change-suppression.use-case';
import { SuppressionView } from './suppression-view';
import { Suppression, SuppressionRepository } from './suppression.repository';

const context = { request_id: 'req-1', tenant: 'acme', actor: { kind: 'user', id: 'crm-1', role: 'crm' } } as const;
const texted = { tenant: 'acme', channel: 'sms', address: '+14155550113', suppression_id: 's-1', active: true, source: 'sms_keyword' };

/**
 * The use case over a list whose entry reads as `held` (each read the next of a list, the last one from then on);
 * each write answers as given; reads and writes are recorded in order.
 */
function useCaseOver(held: object | null | (object | null)[], writes: { takeOver?: boolean; suppress?: boolean; release?: boolean }) {
  const calls: string[] = [];
  const reads = Array.isArray(held) ? [...held] : [held];
  const record = (name: keyof typeof writes) => async () => {
    calls.push(name);
    return writes[name] ?? false;
  };
  const suppressions = {
    findOne: async () => {
      calls.push('read');
      return reads.length > 1 ? reads.shift() : reads[0];
    },
    takeOver: record('takeOver'),
    suppress: record('suppress'),
    release: record('release'),
    deliverOutbox: async () => undefined,
  } as unknown as SuppressionRepository;
  const contacts = { leadIdsWithAddress: async () => [] } as unknown as ContactRepository;
  const view = { wrote: () => undefined } as unknown as SuppressionView;
  const logger = { setContext: () => undefined, info: () => undefined } as unknown as PinoLogger;
  return { useCase: new ChangeSuppressionUseCase(suppressions, contacts, view, logger), calls };
}

const crmOptOut = {
  tenant: 'acme',
  channel: 'sms',
  address: '+14155550113',
  change: 'suppressed',
  reason: 'asked by phone',
  source: 'api',
  context,
  replaces: SMS_OPT_OUT_SOURCES,
} as const;

describe('ChangeSuppressionUseCase', () => {
  it("takes over an active texted opt-out with the CRM's", async () => {
    const { useCase, calls } = useCaseOver(texted as unknown as Suppression, { takeOver: true });
    expect((await useCase.execute(crmOptOut)).changed).toBe(true);
    expect(calls).toEqual(['read', 'takeOver', 'read']);
  });

  it('reads again and opts the address out as any other when a texted START released the entry before the take-over', async () => {
    const released = { ...texted, active: false };
    const { useCase, calls } = useCaseOver([texted, released], { takeOver: false, suppress: true });
    expect((await useCase.execute(crmOptOut)).changed).toBe(true);
    // read again before the opt-out, so that it is written and announced as of after the START
    expect(calls).toEqual(['read', 'takeOver', 'read', 'suppress', 'read']);
  });

  it("reads again and takes over the entry a texted STOP made between the read and the CRM's opt-out", async () => {
    const { useCase, calls } = useCaseOver([null, texted], { suppress: false, takeOver: true });
    expect((await useCase.execute(crmOptOut)).changed).toBe(true);
    expect(calls).toEqual(['read', 'suppress', 'read', 'takeOver', 'read']);
  });

  it('answers 503 when the entry changed again before the second write, rather than answering it recorded', async () => {
    const released = { ...texted, active: false };
    const { useCase, calls } = useCaseOver([texted, released], { takeOver: false, suppress: false });
    await expect(useCase.execute(crmOptOut)).rejects.toMatchObject({ code: ErrorCode.ServiceUnavailable });
    expect(calls).toEqual(['read', 'takeOver', 'read', 'suppress']);
  });

  it('leaves an opt-out the CRM recorded to stand against a texted opt-in, writing nothing', async () => {
    const { useCase, calls } = useCaseOver({ ...texted, source: 'api' }, { release: true });
    const optIn = { ...crmOptOut, change: 'released', source: 'sms_keyword', releases: SMS_OPT_OUT_SOURCES, replaces: undefined } as const;
    expect((await useCase.execute(optIn)).changed).toBe(false);
    expect(calls).toEqual(['read']);
  });
});
