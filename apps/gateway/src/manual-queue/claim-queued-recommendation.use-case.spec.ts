import { PinoLogger } from 'nestjs-pino';
import { ErrorCode, NotificationRequestedEvent, Topics } from '@followup/contracts';
import { EventPublisher, PublishFailedError } from '@followup/messaging';
import { RecommendationRequestRepository } from '../recommendations/recommendation-request.repository';
import { VersionedRecommendation } from '../recommendations/recommendation-versions';
import { RecordOutboxPublisher } from '../recommendations/record-outbox-publisher';
import { ClaimQueuedRecommendationUseCase } from './claim-queued-recommendation.use-case';

const manager = { sub: 'manager-1', tenant: 'acme', roles: ['sales_manager' as const], acting_role: 'sales_manager' as const };
const queued = { recommendation_id: 'rec-1', lead_id: 'LD-1', attempt: 1 } as VersionedRecommendation;

function setUp({ claimable = true, publish = async () => undefined as void, record = queued } = {}) {
  const cleared: string[] = [];
  const warnings: string[] = [];
  const requests = {
    claim: async (_tenant: string, _id: string, _sub: string, announce: (record: VersionedRecommendation) => NotificationRequestedEvent) =>
      claimable ? { outbox: { topic: Topics.NotificationRequested, key: 'LD-1', event: announce(record) }, stored: record } : undefined,
    markPublished: async (_tenant: string, _id: string, eventId: string) => void cleared.push(eventId),
    findOne: async () => ({ ...queued, claimed_by: 'manager-2' }),
  } as unknown as RecommendationRequestRepository;
  const published: NotificationRequestedEvent[] = [];
  const publisher = {
    publish: async (_topic: string, _key: string, event: NotificationRequestedEvent) => {
      published.push(event);
      await publish();
    },
  } as unknown as EventPublisher;
  const logger = { setContext: () => undefined, warn: (_fields: object, message: string) => void warnings.push(message) };
  return {
    useCase: new ClaimQueuedRecommendationUseCase(
      requests,
      new RecordOutboxPublisher(requests, publisher),
      logger as unknown as PinoLogger,
    ),
    published,
    cleared,
    warnings,
  };
}

describe('ClaimQueuedRecommendationUseCase', () => {
  it("announces the claim to the sales managers as the claimer, then clears the record's outbox", async () => {
    const { useCase, published, cleared } = setUp();
    await useCase.execute(manager, 'req-1', 'rec-1');
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      request_id: 'req-1',
      actor: { kind: 'user', id: 'manager-1', role: 'sales_manager' },
      payload: {
        kind: 'manual_queue_claimed',
        recipient_role: 'sales_manager',
        recommendation_id: 'rec-1',
        lead_id: 'LD-1',
        message: 'Lead LD-1: manager-1 took the request rec-1 the AI service failed on, to handle by hand.',
      },
    });
    expect(cleared).toEqual([published[0].event_id]);
  });

  it('announces a claim of the same request after a retry sent it back to the queue as another event', async () => {
    const first = setUp();
    await first.useCase.execute(manager, 'req-1', 'rec-1');
    const afterRetry = setUp({ record: { ...queued, attempt: 2 } });
    await afterRetry.useCase.execute({ ...manager, sub: 'manager-2' }, 'req-2', 'rec-1');
    expect(afterRetry.published[0].event_id).not.toBe(first.published[0].event_id);
  });

  it('keeps the claim when the announcement cannot be published: the outbox relay sends it later', async () => {
    const { useCase, cleared, warnings } = setUp({
      publish: async () => {
        throw new PublishFailedError('followup.notification.requested.v1', new Error('broker away'));
      },
    });
    await expect(useCase.execute(manager, 'req-1', 'rec-1')).resolves.toBeUndefined();
    expect(cleared).toEqual([]);
    expect(warnings).toEqual(['claim stored; announcement deferred to the outbox relay']);
  });

  it('answers 409 naming who has it when the request is not waiting unclaimed, and announces nothing', async () => {
    const { useCase, published } = setUp({ claimable: false });
    await expect(useCase.execute(manager, 'req-1', 'rec-1')).rejects.toMatchObject({
      code: ErrorCode.InvalidState,
      details: { recommendation_id: 'rec-1', claimed_by: 'manager-2' },
    });
    expect(published).toEqual([]);
  });
});
