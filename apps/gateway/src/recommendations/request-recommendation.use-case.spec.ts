import { PinoLogger } from 'nestjs-pino';
import { validateEnvironment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { EventPublisher, PublishFailedError } from '@followup/messaging';
import { GetLeadUseCase } from '../leads/get-lead.use-case';
import { LeadErasureCheck } from '../leads/lead-erasure-check';
import { LeadView } from '../leads/lead-view';
import { Lead, LeadRepository } from '../leads/lead.repository';
import { RecommendationRequestRepository, RequestOutcome } from './recommendation-request.repository';
import { PromptForEngagementDataCommand, PromptForEngagementDataUseCase } from './prompt-for-engagement-data.use-case';
import { ReplyWaiter } from './reply-waiter';
import { requestFingerprint } from './idempotency-key';
import { RequestRecommendationUseCase } from './request-recommendation.use-case';

const lead = {
  tenant: 'acme',
  lead_id: 'LD-1',
  first_name: 'Sarah',
  owner_rep_id: 'rep-1',
  contacts: {},
  consent: { sms: true, email: true, phone_call: true },
} as Lead;
const user = { sub: 'rep-1', tenant: 'acme', roles: ['sales_rep' as const], acting_role: 'sales_rep' as const };
const request = {
  lead_id: 'LD-1',
  last_engagement_date: '2026-04-20',
  engagement_history: [
    { type: 'sms' as const, outcome: 'replied' as const },
    { type: 'email' as const, outcome: 'opened' as const },
  ],
};

function setUp(
  answer: (recommendationId: string, replies: ReplyWaiter, cleared: string[]) => void | Promise<void>,
  settings = {},
  storedRecord: (reads: number) => object | null = () => null,
  { idTaken = false, erasedAtLooks = [false], parkedAnswer = undefined as RequestOutcome | undefined } = {},
) {
  const replies = new ReplyWaiter();
  const published: string[] = [];
  const stored: string[] = [];
  const storedPublished: { recommendationId: string; leadErased: boolean }[] = [];
  const takenParked: { recommendationId: string; version: number }[] = [];
  const erasedLate: string[] = [];
  const cleared: string[] = [];
  let reads = 0;
  const lookups: string[] = [];
  const requests = {
    createPending: async (record: { recommendation_id: string }) => {
      if (idTaken) return undefined;
      stored.push(record.recommendation_id);
      return { ...record, version: 0 };
    },
    createPublished: async (record: { recommendation_id: string }, _json: string, erased: boolean) => {
      if (idTaken) return undefined;
      storedPublished.push({ recommendationId: record.recommendation_id, leadErased: erased });
      return { ...record, status: 'pending', version: 0 };
    },
    takeParked: async (_tenant: string, recommendationId: string, known: { version: number }) => {
      takenParked.push({ recommendationId, version: known.version });
      return parkedAnswer;
    },
    eraseStoredLate: async (_tenant: string, recommendationId: string) => void erasedLate.push(recommendationId),
    markPublished: async (_tenant: string, recommendationId: string) => void cleared.push(recommendationId),
    findOne: async (tenant: string, recommendationId: string) => {
      lookups.push(`${tenant}/${recommendationId}`);
      return storedRecord((reads += 1));
    },
  } as unknown as RecommendationRequestRepository;
  const publisher = {
    publishEncoded: async (_topic: string, _key: string, json: string) => {
      const event = JSON.parse(json) as { payload: { recommendation_id: string } };
      published.push(event.payload.recommendation_id);
      await answer(event.payload.recommendation_id, replies, cleared);
    },
  } as unknown as EventPublisher;
  const logger = { setContext: () => undefined, warn: () => undefined } as unknown as PinoLogger;
  const getLead = { execute: async () => lead } as unknown as GetLeadUseCase;
  let looks = 0;
  // whether the lead is erased at each look, the last answer holding from then on
  // the view holds no lead, so every look reads the leads collection: erased, the lead is not found there
  const leads = new LeadErasureCheck(
    { find: () => undefined } as unknown as LeadView,
    {
      findOne: async () => (erasedAtLooks[Math.min((looks += 1) - 1, erasedAtLooks.length - 1)] ? null : lead),
    } as unknown as LeadRepository,
  );
  const prompted: PromptForEngagementDataCommand[] = [];
  const promptForData = { execute: async (command: PromptForEngagementDataCommand) => void prompted.push(command) };
  const environment = validateEnvironment({ RECOMMENDATION_REPLY_TIMEOUT_MS: 200, ...settings });
  return {
    useCase: new RequestRecommendationUseCase(
      getLead,
      leads,
      promptForData as unknown as PromptForEngagementDataUseCase,
      requests,
      publisher,
      replies,
      environment,
      logger,
    ),
    published,
    stored,
    storedPublished,
    takenParked,
    erasedLate,
    cleared,
    prompted,
    lookups,
  };
}

const execute = (useCase: RequestRecommendationUseCase) => useCase.execute({ user, requestId: 'req-1', request });

describe('RequestRecommendationUseCase', () => {
  it("answers 422 to a history of one event and prompts the lead's owner, storing and publishing nothing", async () => {
    const { useCase, published, stored, prompted } = setUp(() => undefined);
    const oneEvent = { ...request, engagement_history: [request.engagement_history[0]] };
    await expect(useCase.execute({ user, requestId: 'req-1', request: oneEvent })).rejects.toMatchObject({
      code: ErrorCode.InsufficientData,
      details: { minimum_events_required: 2, events_found: 1 },
    });
    expect(prompted).toEqual([{ user, requestId: 'req-1', lead, eventsFound: 1 }]);
    expect(stored).toEqual([]);
    expect(published).toEqual([]);
  });

  it("publishes a request without a key first and returns the recommender's answer, leaving the store to the answer's recording", async () => {
    const result = { priority_score: 70 } as never;
    const { useCase, published, stored, storedPublished, cleared } = setUp((id, replies) => {
      setImmediate(() => replies.deliver(id, { status: 'completed', result, confidence: 'normal' }));
    });
    const answer = await execute(useCase);
    expect(published).toHaveLength(1);
    expect(answer).toEqual({ recommendation_id: published[0], result, confidence: 'normal', replayed: false });
    expect([stored, storedPublished, cleared]).toEqual([[], [], []]);
  });

  it('stores the request as pending once no answer came within half the relay interval, and still returns the answer', async () => {
    const result = { priority_score: 70 } as never;
    const { useCase, published, stored, storedPublished, cleared } = setUp(
      (id, replies) => {
        const answerOnceStored = () =>
          storedPublished.length > 0
            ? replies.deliver(id, { status: 'completed', result, confidence: 'normal' })
            : setImmediate(answerOnceStored);
        setImmediate(answerOnceStored);
      },
      { OUTBOX_RELAY_INTERVAL_MS: 100, RECOMMENDATION_REPLY_TIMEOUT_MS: 60_000 },
    );
    const answer = await execute(useCase);
    expect(answer).toEqual({ recommendation_id: published[0], result, confidence: 'normal', replayed: false });
    expect(storedPublished).toEqual([{ recommendationId: published[0], leadErased: false }]);
    expect([stored, cleared]).toEqual([[], []]);
  });

  it("stores the pending request without the lead's texts when the lead was erased while it waited", async () => {
    const { useCase, published, storedPublished, erasedLate } = setUp(
      () => undefined,
      {},
      () => null,
      { erasedAtLooks: [true] },
    );
    await expect(execute(useCase)).rejects.toMatchObject({ code: ErrorCode.ServiceUnavailable });
    expect(storedPublished).toEqual([{ recommendationId: published[0], leadErased: true }]);
    expect(erasedLate).toEqual([]);
  });

  it('erases the pending record it stored when the lead turns out erased once the insert landed, though not when checked', async () => {
    const { useCase, published, storedPublished, erasedLate } = setUp(
      () => undefined,
      {},
      () => null,
      {
        erasedAtLooks: [false, true],
      },
    );
    await expect(execute(useCase)).rejects.toMatchObject({ code: ErrorCode.ServiceUnavailable });
    expect(storedPublished).toEqual([{ recommendationId: published[0], leadErased: false }]);
    expect(erasedLate).toEqual(published);
  });

  it('takes an answer another instance parked before the request was stored, on the record as stored, and returns it', async () => {
    const result = { priority_score: 64 } as never;
    const { useCase, published, takenParked, lookups } = setUp(
      () => undefined,
      { OUTBOX_RELAY_INTERVAL_MS: 100, RECOMMENDATION_REPLY_TIMEOUT_MS: 60_000 },
      () => null,
      { parkedAnswer: { status: 'completed', result, confidence: 'normal' } },
    );
    const answer = await execute(useCase);
    expect(answer).toEqual({ recommendation_id: published[0], result, confidence: 'normal', replayed: false });
    expect(takenParked).toEqual([{ recommendationId: published[0], version: 0 }]);
    expect(lookups).toEqual([]);
  });

  it('takes an answer another instance recorded, without waiting for the reply timeout', async () => {
    const result = { priority_score: 55 } as never;
    // no answer reaches this instance; stored as pending, the second look at the record finds it answered
    const { useCase, published, storedPublished } = setUp(
      () => undefined,
      { OUTBOX_RELAY_INTERVAL_MS: 100, RECOMMENDATION_REPLY_TIMEOUT_MS: 60_000 },
      (reads) => (reads < 2 ? { status: 'pending' } : { status: 'completed', result, confidence: 'low' }),
    );
    const answer = await execute(useCase);
    expect(answer).toEqual({ recommendation_id: published[0], result, confidence: 'low', replayed: false });
    expect(storedPublished.map(({ recommendationId }) => recommendationId)).toEqual(published);
  });

  it('takes the answer stored meanwhile when storing the unanswered request finds its id taken', async () => {
    const result = { priority_score: 61 } as never;
    const { useCase, published, lookups } = setUp(
      () => undefined,
      { OUTBOX_RELAY_INTERVAL_MS: 100, RECOMMENDATION_REPLY_TIMEOUT_MS: 60_000 },
      () => ({ status: 'completed', result, confidence: 'normal' }),
      { idTaken: true },
    );
    const answer = await execute(useCase);
    expect(answer).toEqual({ recommendation_id: published[0], result, confidence: 'normal', replayed: false });
    expect(lookups).toEqual([`acme/${published[0]}`]);
  });

  it("raises the recommender's AI_SERVICE_UNAVAILABLE (a 500) with the recommendation id", async () => {
    const failure: RequestOutcome = { status: 'failed', error: { code: ErrorCode.AiServiceUnavailable, message: 'LLM timed out' } };
    const { useCase, published } = setUp((id, replies) => {
      setImmediate(() => replies.deliver(id, failure));
    });
    const error = await execute(useCase).catch((caught: FollowupError) => caught);
    expect(error).toBeInstanceOf(FollowupError);
    expect((error as FollowupError).httpStatus).toBe(500);
    expect((error as FollowupError).details).toEqual({ recommendation_id: published[0] });
  });

  it('answers 503 with the id of the stored request when no answer comes in time, and when Kafka refuses the publish', async () => {
    const silent = setUp(() => undefined);
    const timedOut = (await execute(silent.useCase).catch((caught) => caught)) as FollowupError;
    expect(timedOut.code).toBe(ErrorCode.ServiceUnavailable);
    expect(timedOut.details).toMatchObject({ recommendation_id: silent.published[0], retry_after_seconds: 30 });
    expect(silent.storedPublished).toEqual([{ recommendationId: silent.published[0], leadErased: false }]);

    // stored with its outbox, for the relay to publish
    const brokerDown = setUp(() => {
      throw new PublishFailedError('topic', new Error('connection refused'));
    });
    const refused = (await execute(brokerDown.useCase).catch((caught) => caught)) as FollowupError;
    expect(refused.code).toBe(ErrorCode.ServiceUnavailable);
    expect(refused.details).toMatchObject({ recommendation_id: brokerDown.published[0] });
    expect([brokerDown.stored, brokerDown.storedPublished]).toEqual([brokerDown.published, []]);
  });

  it('refuses a request beyond RECOMMENDATION_MAX_WAITING at once with 503, publishing nothing, and takes one again as one ends', async () => {
    const answers: Array<() => void> = [];
    const result = { priority_score: 70 } as never;
    const { useCase, published } = setUp(
      (id, replies) => void answers.push(() => replies.deliver(id, { status: 'completed', result, confidence: 'normal' })),
      { RECOMMENDATION_MAX_WAITING: 2, SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS: 45, RECOMMENDATION_REPLY_TIMEOUT_MS: 60_000 },
    );
    const first = execute(useCase);
    const second = execute(useCase);
    const third = (await execute(useCase).catch((caught) => caught)) as FollowupError;
    expect(third.code).toBe(ErrorCode.ServiceUnavailable);
    expect(third.details).toEqual({ reason: 'busy', retry_after_seconds: 45 });
    while (published.length < 2) await new Promise((resolve) => setImmediate(resolve));

    answers[0]();
    await expect(first).resolves.toMatchObject({ recommendation_id: published[0] });
    const fourth = execute(useCase);
    while (published.length < 3) await new Promise((resolve) => setImmediate(resolve));
    answers[1]();
    answers[2]();
    await expect(second).resolves.toMatchObject({ recommendation_id: published[1] });
    await expect(fourth).resolves.toMatchObject({ recommendation_id: published[2] });
  });

  it('refuses fewer than two events before storing or publishing anything', async () => {
    const { useCase, stored, storedPublished, published } = setUp(() => undefined);
    const error = (await useCase
      .execute({ user, requestId: 'r', request: { ...request, engagement_history: [] } })
      .catch((caught) => caught)) as FollowupError;
    expect(error.code).toBe(ErrorCode.InsufficientData);
    expect(error.details).toEqual({ minimum_events_required: 2, events_found: 0 });
    expect([stored, storedPublished, published]).toEqual([[], [], []]);
  });
});

describe('RequestRecommendationUseCase, a repeat with the same Idempotency-Key', () => {
  const key = 'retry-1';
  // printf '%s' '["acme","rep-1","retry-1"]' | sha256sum → 05717d77 4596 becd 9baf 3f40…; byte 6 0xbe → 0x8e, byte 8 stays 0x9b
  const derivedId = '05717d77-4596-8ecd-9baf-3f402704d7e0';
  const sameFields = requestFingerprint(key, request);
  const repeat = (useCase: RequestRecommendationUseCase) => useCase.execute({ user, requestId: 'req-2', request, idempotencyKey: key });
  const result = { priority_score: 70 } as never;

  it('stores the first under the id derived from the key', async () => {
    const { useCase, stored } = setUp((id, replies) => {
      setImmediate(() => replies.deliver(id, { status: 'completed', result, confidence: 'normal' }));
    });
    await expect(repeat(useCase)).resolves.toEqual({ recommendation_id: derivedId, result, confidence: 'normal', replayed: false });
    expect(stored).toEqual([derivedId]);
  });

  it("answers with the stored recommendation, read by the caller's tenant and the derived id, publishing nothing", async () => {
    const { useCase, published, lookups } = setUp(
      () => undefined,
      {},
      () => ({ status: 'completed', result, confidence: 'normal', request_fingerprint: sameFields }),
      { idTaken: true },
    );
    await expect(repeat(useCase)).resolves.toEqual({ recommendation_id: derivedId, result, confidence: 'normal', replayed: true });
    expect(published).toEqual([]);
    expect(lookups).toEqual([`acme/${derivedId}`]);
  });

  it('refuses the key sent with other fields: 409 INVALID_STATE, reason idempotency_key_reused', async () => {
    const { useCase } = setUp(
      () => undefined,
      {},
      () => ({ status: 'completed', result, request_fingerprint: 'other fields' }),
      {
        idTaken: true,
      },
    );
    const error = (await repeat(useCase).catch((caught) => caught)) as FollowupError;
    expect(error.code).toBe(ErrorCode.InvalidState);
    expect(error.httpStatus).toBe(409);
    expect(error.details).toEqual({ reason: 'idempotency_key_reused' });
  });

  it("raises the first one's stored failure, with its id", async () => {
    const failure = { code: ErrorCode.LeadNotFound, message: 'No lead record exists for LD-1.' };
    const { useCase } = setUp(
      () => undefined,
      {},
      () => ({ status: 'failed', error: failure, request_fingerprint: sameFields }),
      {
        idTaken: true,
      },
    );
    const error = (await repeat(useCase).catch((caught) => caught)) as FollowupError;
    expect(error.code).toBe(ErrorCode.LeadNotFound);
    expect(error.details).toEqual({ recommendation_id: derivedId });
  });

  it('waits for a pending one and takes its answer once recorded', async () => {
    const { useCase } = setUp(
      () => undefined,
      { OUTBOX_RELAY_INTERVAL_MS: 100, RECOMMENDATION_REPLY_TIMEOUT_MS: 60_000 },
      (reads) =>
        reads < 3
          ? { status: 'pending', request_fingerprint: sameFields }
          : { status: 'completed', result, confidence: 'low', request_fingerprint: sameFields },
      { idTaken: true },
    );
    await expect(repeat(useCase)).resolves.toEqual({ recommendation_id: derivedId, result, confidence: 'low', replayed: true });
  });

  it('answers 503 with the id when the pending one stays unanswered for the reply timeout', async () => {
    const { useCase } = setUp(
      () => undefined,
      { OUTBOX_RELAY_INTERVAL_MS: 100 },
      () => ({ status: 'pending', request_fingerprint: sameFields }),
      {
        idTaken: true,
      },
    );
    const error = (await repeat(useCase).catch((caught) => caught)) as FollowupError;
    expect(error.code).toBe(ErrorCode.ServiceUnavailable);
    expect(error.details).toMatchObject({ recommendation_id: derivedId });
  });
});

describe('RequestRecommendationUseCase, a random id found taken when a request whose publish failed is stored', () => {
  const brokerDown = () => {
    throw new PublishFailedError('topic', new Error('connection refused'));
  };

  it('answers 503 with the id when the record is this very request (its insert applied before a retried failure)', async () => {
    const { useCase, published } = setUp(brokerDown, {}, () => ({ status: 'pending', request_id: 'req-1', requested_by: 'rep-1' }), {
      idTaken: true,
    });
    const error = (await execute(useCase).catch((caught) => caught)) as FollowupError;
    expect(error.code).toBe(ErrorCode.ServiceUnavailable);
    expect(error.details).toMatchObject({ recommendation_id: published[0] });
  });

  it("fails as a bug, not as a reused key, when the record is another request's", async () => {
    const { useCase } = setUp(brokerDown, {}, () => ({ status: 'completed', request_id: 'req-9', requested_by: 'rep-1' }), {
      idTaken: true,
    });
    await expect(execute(useCase)).rejects.toThrow('recommendation_id already taken');
  });
});
