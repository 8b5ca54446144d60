/**
 * The decisions RecommendationRequestRepository makes about a request the recommender has not answered: whether the
 * pass queues it, and whether an answer settles it. RecommendationVersions is stood in by one that decides on the
 * given record and hands back the change (the guard itself is tested in recommendation-versions.spec.ts).
 */
import type { Model } from 'mongoose';
import { ErrorCode, NotificationRequestedEvent, Topics } from '@followup/contracts';
import type { OutboxRelay } from '@followup/messaging';
import { NO_ANSWER, RecommendationRequestRepository, RequestOutcome } from './recommendation-request.repository';
import type { RecommendationRequestRecord } from './recommendation-request.schema';
import type { Decision, RecommendationVersions, VersionedRecommendation } from './recommendation-versions';

const BEFORE = new Date('2026-12-04T12:00:00Z');
const LONG_AGO = new Date('2026-12-04T11:50:00Z');
const NO_ANSWER_ERROR = { code: ErrorCode.AiServiceUnavailable, message: 'no answer', details: { reason: NO_ANSWER, manual_queue: true } };
const NOTICE = { event_id: 'notice-1', payload: { lead_id: 'LD-1' } } as unknown as NotificationRequestedEvent;
const COMPLETED: RequestOutcome = {
  status: 'completed',
  result: {
    priority_score: 80,
    recommended_action: 'follow_up',
    recommended_channel: 'sms',
    reasoning_summary: 'r',
    draft_message: 'd',
    requires_human_approval: true,
  },
  confidence: 'normal',
};
const FAILED: RequestOutcome = {
  status: 'failed',
  error: { code: ErrorCode.AiServiceUnavailable, message: 'llm', details: { reason: 'timeout' } },
};

function pending(overrides: Partial<VersionedRecommendation> = {}): VersionedRecommendation {
  return {
    recommendation_id: 'rec-1',
    tenant: 'acme',
    lead_id: 'LD-1',
    request_id: 'req-1',
    requested_by: 'rep-17',
    status: 'pending',
    attempt: 1,
    version: 1,
    outbox: null,
    outbox_pending: false,
    pending_since: LONG_AGO,
    created_at: LONG_AGO,
    updated_at: LONG_AGO,
    ...overrides,
  } as VersionedRecommendation;
}

/** The repository over `record`; `decided()` is what its last change decided. */
function over(record: VersionedRecommendation) {
  let decided: Decision<unknown> | undefined;
  const versions = {
    change: async (_tenant: string, _id: string, decide: (record: VersionedRecommendation | null) => Decision<unknown>) => {
      decided = decide(record);
      return decided.result;
    },
  } as unknown as RecommendationVersions;
  const model = { schema: { get: () => true } } as unknown as Model<RecommendationRequestRecord>;
  const repository = new RecommendationRequestRepository(model, versions, {} as OutboxRelay);
  return { repository, decided: () => decided };
}

const queue = (record: VersionedRecommendation) => {
  const { repository, decided } = over(record);
  return repository
    .queueUnanswered({ tenant: 'acme', recommendation_id: 'rec-1', attempt: 1 }, BEFORE, NO_ANSWER_ERROR, () => NOTICE)
    .then((outcome) => ({ outcome, change: decided()?.change }));
};

describe('taking an unanswered request to the manual queue', () => {
  it('queues a request waiting since before the cut-off, with the notice as its outbox', async () => {
    const { outcome, change } = await queue(pending());
    expect(outcome).toMatchObject({
      kind: 'queued',
      outbox: { topic: 'followup.notifications.v1', key: 'LD-1', event: NOTICE },
      stored: { status: 'failed', error: NO_ANSWER_ERROR, version: 2 },
    });
    expect(change?.set).toMatchObject({
      status: 'failed',
      error: NO_ANSWER_ERROR,
      outbox: { topic: 'followup.notifications.v1', key: 'LD-1', event: NOTICE },
    });
  });

  it('waits from the attempt, not from the record: a retry made after the cut-off is left alone', async () => {
    const { outcome, change } = await queue(pending({ pending_since: new Date('2026-12-04T12:00:01Z') }));
    expect(outcome).toBeUndefined();
    expect(change).toBeUndefined();
  });

  it('counts a record stored before `pending_since` from its creation', async () => {
    expect((await queue(pending({ pending_since: undefined }))).outcome).toMatchObject({ kind: 'queued' });
    expect((await queue(pending({ pending_since: undefined, created_at: new Date('2026-12-04T12:00:01Z') }))).outcome).toBeUndefined();
  });

  it('leaves a request whose own event is not published yet to the outbox relay', async () => {
    const { outcome, change } = await queue(pending({ outbox_pending: true }));
    expect(outcome).toBeUndefined();
    expect(change).toBeUndefined();
  });

  it("fails an erased lead's request as the recommender would answer it, announced to nobody", async () => {
    const { outcome, change } = await queue(pending({ erased_at: LONG_AGO, outbox_pending: true }));
    expect(outcome).toEqual({ kind: 'erased' });
    expect(change?.set).toMatchObject({
      status: 'failed',
      error: { code: ErrorCode.LeadNotFound, details: { lead_id: 'LD-1', reason: 'erased' } },
      outbox: null,
    });
  });

  it('leaves a request answered, or retried, meanwhile', async () => {
    expect((await queue(pending({ status: 'completed' }))).outcome).toBeUndefined();
    expect((await queue(pending({ attempt: 2 }))).outcome).toBeUndefined();
  });
});

describe('an answer to a request queued for want of one', () => {
  const queued = (overrides: Partial<VersionedRecommendation> = {}) =>
    pending({ status: 'failed', error: NO_ANSWER_ERROR, completed_at: BEFORE, ...overrides });
  const settle = async (record: VersionedRecommendation, outcome: RequestOutcome, attempt: number) => {
    const { repository, decided } = over(record);
    const settlement = await repository.settle('acme', 'rec-1', outcome, attempt);
    return { settled: settlement.settled, announced: settlement.settled ? settlement.announced : undefined, decision: decided()! };
  };

  it("completes it and takes it out of the queue, with the managers' notice of it as the record's outbox", async () => {
    const { settled, announced, decision } = await settle(queued(), COMPLETED, 1);
    expect(settled).toBe(true);
    // handed to the caller to publish, on the record as written
    expect(announced?.outbox).toBe(decision.change?.set.outbox);
    expect(announced?.stored).toMatchObject({ status: 'completed', version: 2 });
    expect(decision.change?.set).toMatchObject({
      status: 'completed',
      lifecycle: 'pending_review',
      outbox: {
        topic: 'followup.notifications.v1',
        key: 'LD-1',
        event: {
          tenant: 'acme',
          request_id: 'req-1',
          payload: {
            kind: 'manual_queue_answered',
            recipient_role: 'sales_manager',
            recommendation_id: 'rec-1',
            lead_id: 'LD-1',
            message:
              'The recommendation for lead LD-1 that waited in the manual queue for an answer got it after all: it left the queue and waits for review.',
          },
        },
      },
    });
    expect(decision.change?.set.outbox_at).toBeInstanceOf(Date);
    expect(decision.change?.unset).toEqual(['error']);
  });

  it('announces the answer in place of the notice that it waits in the queue, which may have gone out unacknowledged', async () => {
    const maybeSent = { topic: Topics.NotificationRequested, key: 'LD-1', event: NOTICE };
    const { settled, announced, decision } = await settle(queued({ outbox: maybeSent, outbox_pending: true }), COMPLETED, 1);
    expect(settled).toBe(true);
    expect(announced?.outbox.event.payload).toMatchObject({ kind: 'manual_queue_answered', recommendation_id: 'rec-1' });
    expect(decision.change?.set).toMatchObject({ status: 'completed', outbox: { event: { payload: { kind: 'manual_queue_answered' } } } });
  });

  it('announces nothing for an answer to a request that was not in the queue, nor for a failure', async () => {
    expect((await settle(pending(), COMPLETED, 1)).decision.change?.set).toMatchObject({ status: 'completed', outbox: null });
    expect((await settle(queued(), FAILED, 1)).decision.change?.set).toMatchObject({ status: 'failed', outbox: null });
  });

  it('is ignored once a manager has claimed the request', async () => {
    const { settled, decision } = await settle(queued({ claimed_by: 'manager-1' }), COMPLETED, 1);
    expect(settled).toBe(false);
    expect(decision).toEqual({ result: { settled: false }, final: true });
  });

  it("settles a manager's waiting retry with the first attempt's recommendation, not with its failure", async () => {
    expect((await settle(pending({ attempt: 2 }), COMPLETED, 1)).settled).toBe(true);
    expect((await settle(queued({ attempt: 2 }), COMPLETED, 1)).settled).toBe(true);
    expect(await settle(pending({ attempt: 2 }), FAILED, 1)).toEqual({
      settled: false,
      announced: undefined,
      decision: { result: { settled: false }, final: true },
    });
  });

  it('is not taken by a request the LLM failed on (its own queue reason)', async () => {
    const llmFailed = queued({ error: { code: ErrorCode.AiServiceUnavailable, message: 'llm', details: { reason: 'timeout' } } });
    expect((await settle(llmFailed, COMPLETED, 1)).settled).toBe(false);
  });
});
