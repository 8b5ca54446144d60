import { PinoLogger } from 'nestjs-pino';
import { NotificationRequestedEvent } from '@followup/contracts';
import { EventPublisher } from '@followup/messaging';
import { PromptForEngagementDataUseCase } from './prompt-for-engagement-data.use-case';

const user = { sub: 'crm-1', tenant: 'acme', roles: ['crm' as const], acting_role: 'crm' as const };
const lead = { lead_id: 'LD-1', owner_rep_id: 'rep-17' };

function setUp(publish: (event: NotificationRequestedEvent) => Promise<void> = async () => undefined) {
  const published: NotificationRequestedEvent[] = [];
  const warnings: string[] = [];
  const publisher = {
    publish: async (_topic: string, _key: string, event: NotificationRequestedEvent) => {
      published.push(event);
      await publish(event);
    },
  } as unknown as EventPublisher;
  const logger = { setContext: () => undefined, warn: (_fields: object, message: string) => void warnings.push(message) };
  return { useCase: new PromptForEngagementDataUseCase(publisher, logger as unknown as PinoLogger), published, warnings };
}

describe('PromptForEngagementDataUseCase', () => {
  it("asks the lead's owner for more engagement data, naming the lead and the counts, without the caller's data", async () => {
    const { useCase, published } = setUp();
    await useCase.execute({ user, requestId: 'req-1', lead, eventsFound: 1 });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      tenant: 'acme',
      request_id: 'req-1',
      payload: {
        kind: 'low_confidence',
        recipient_role: 'sales_rep',
        recipient_sub: 'rep-17',
        lead_id: 'LD-1',
        message:
          'Lead LD-1: no recommendation could be made, as 1 engagement event(s) are logged and at least 2 are needed; ' +
          'log recent calls, emails and texts with their outcomes.',
      },
    });
  });

  it('gives one lead one prompt a day (the same event id), and another lead its own', async () => {
    const { useCase, published } = setUp();
    await useCase.execute({ user, requestId: 'req-1', lead, eventsFound: 1 });
    await useCase.execute({ user, requestId: 'req-2', lead, eventsFound: 0 });
    await useCase.execute({ user, requestId: 'req-3', lead: { lead_id: 'LD-2', owner_rep_id: 'rep-17' }, eventsFound: 1 });
    expect(published[1].event_id).toBe(published[0].event_id);
    expect(published[2].event_id).not.toBe(published[0].event_id);
  });

  it('logs a prompt it cannot publish and returns, so the caller still gets its 422', async () => {
    const { useCase, warnings } = setUp(async () => {
      throw new Error('broker away');
    });
    await expect(useCase.execute({ user, requestId: 'req-1', lead, eventsFound: 1 })).resolves.toBeUndefined();
    expect(warnings).toEqual(['the lead owner could not be prompted for more data']);
  });
});
