import { PinoLogger } from 'nestjs-pino';
import { ErrorCode } from '@followup/contracts';
import { AnnouncedChange, RecommendationRequestRepository, RequestOutcome, Settlement } from './recommendation-request.repository';
import { VersionedRecommendation } from './recommendation-versions';
import { RecordOutboxPublisher } from './record-outbox-publisher';
import { RecordRecommendationOutcomeUseCase } from './record-recommendation-outcome.use-case';
import { ReplyWaiter } from './reply-waiter';

const outcome: RequestOutcome = { status: 'completed', result: { priority_score: 70 } as never, confidence: 'normal' };
const stored = { recommendation_id: 'r-1', tenant: 'acme', status: 'pending', attempt: 1, version: 0 } as VersionedRecommendation;

const SETTLED: Settlement = { settled: true };

function setUp(settle: () => Promise<Settlement>) {
  const settled: { recommendationId: string; attempt: number; known?: VersionedRecommendation }[] = [];
  const revisions: { recommendationId: string; revisionOf: string; status: RequestOutcome['status'] }[] = [];
  const requests = {
    settle: (_tenant: string, recommendationId: string, _outcome: RequestOutcome, attempt: number, known?: VersionedRecommendation) => {
      settled.push({ recommendationId, attempt, known });
      return settle();
    },
    recordRevision: async (_tenant: string, recommendationId: string, revisionOf: string, answered: RequestOutcome) => {
      revisions.push({ recommendationId, revisionOf, status: answered.status });
      return true;
    },
  } as unknown as RecommendationRequestRepository;
  const replies = new ReplyWaiter();
  const published: unknown[][] = [];
  const outboxes = { publish: async (...args: unknown[]) => void published.push(args) } as unknown as RecordOutboxPublisher;
  const logger = { setContext: () => undefined, info: () => undefined } as unknown as PinoLogger;
  return { useCase: new RecordRecommendationOutcomeUseCase(requests, replies, outboxes, logger), replies, settled, revisions, published };
}

describe('RecordRecommendationOutcomeUseCase', () => {
  it('records an answer arriving on both consumers once, on the record the waiting request stored, and hands it over', async () => {
    const { useCase, replies, settled } = setUp(async () => SETTLED);
    const pending = replies.expect('r-1', 'req-1', stored, 5_000);
    const answer = { tenant: 'acme', recommendationId: 'r-1', outcome, attempt: 1 };
    await Promise.all([useCase.execute(answer), useCase.execute(answer)]);
    await useCase.execute(answer);
    expect(settled).toEqual([{ recommendationId: 'r-1', attempt: 1, known: stored }]);
    await expect(pending.outcome).resolves.toBe(outcome);
  });

  it("records another attempt's answer, and reads the record when no request waits here", async () => {
    const { useCase, settled } = setUp(async () => SETTLED);
    await useCase.execute({ tenant: 'acme', recommendationId: 'r-2', outcome, attempt: 1 });
    await useCase.execute({ tenant: 'acme', recommendationId: 'r-2', outcome, attempt: 2 });
    expect(settled).toEqual([
      { recommendationId: 'r-2', attempt: 1, known: undefined },
      { recommendationId: 'r-2', attempt: 2, known: undefined },
    ]);
  });

  it("records a revision's first answer, failed or not, as a request of its own, and settles a manager's retry of it", async () => {
    const { useCase, settled, revisions } = setUp(async () => SETTLED);
    const failed: RequestOutcome = { status: 'failed', error: { code: ErrorCode.AiServiceUnavailable, message: 'in the manual queue' } };
    await useCase.execute({ tenant: 'acme', recommendationId: 'r-5', outcome: failed, attempt: 1, revisionOf: 'r-0' });
    await useCase.execute({ tenant: 'acme', recommendationId: 'r-6', outcome, attempt: 1, revisionOf: 'r-0' });
    await useCase.execute({ tenant: 'acme', recommendationId: 'r-5', outcome, attempt: 2, revisionOf: 'r-0' });
    expect(revisions).toEqual([
      { recommendationId: 'r-5', revisionOf: 'r-0', status: 'failed' },
      { recommendationId: 'r-6', revisionOf: 'r-0', status: 'completed' },
    ]);
    expect(settled).toEqual([{ recommendationId: 'r-5', attempt: 2, known: undefined }]);
  });

  it('tries again on the next arrival when recording failed', async () => {
    let failures = 1;
    const { useCase, settled } = setUp(async () => {
      if (failures-- > 0) throw new Error('database away');
      return SETTLED;
    });
    const answer = { tenant: 'acme', recommendationId: 'r-3', outcome, attempt: 1 };
    await expect(useCase.execute(answer)).rejects.toThrow('database away');
    await useCase.execute(answer);
    expect(settled).toHaveLength(2);
  });

  it('has recorded an answer only once its recording succeeded', async () => {
    let finish!: (settlement: Settlement) => void;
    let failures = 1;
    const { useCase } = setUp(() => {
      if (failures-- > 0) return Promise.reject(new Error('database away'));
      return new Promise<Settlement>((resolve) => (finish = resolve));
    });
    const answer = { tenant: 'acme', recommendationId: 'r-4', outcome, attempt: 2 };

    await expect(useCase.execute(answer)).rejects.toThrow('database away');
    expect(useCase.hasRecorded('r-4:2')).toBe(false);
    const recording = useCase.execute(answer);
    await Promise.resolve();
    expect(useCase.hasRecorded('r-4:2')).toBe(false);
    finish(SETTLED);
    await recording;
    expect(useCase.hasRecorded('r-4:2')).toBe(true);
    expect(useCase.hasRecorded('r-4:1')).toBe(false);
    expect(useCase.hasRecorded(undefined)).toBe(false);
  });

  it('publishes the notice an answer was written with, once, on the record as written', async () => {
    const announced = {
      outbox: { topic: 'followup.notifications.v1', key: 'LD-1', event: { event_id: 'n-1' } },
      stored,
    } as unknown as AnnouncedChange;
    const { useCase, published } = setUp(async () => ({ settled: true, announced }));
    const answer = { tenant: 'acme', recommendationId: 'r-1', outcome, attempt: 1 };
    await Promise.all([useCase.execute(answer), useCase.execute(answer)]);
    expect(published).toEqual([['acme', 'r-1', announced.outbox, stored]]);
  });

  it('publishes nothing for an answer that settled nothing or was written without a notice', async () => {
    const nothing = setUp(async () => ({ settled: false }));
    await nothing.useCase.execute({ tenant: 'acme', recommendationId: 'r-1', outcome, attempt: 1 });
    const plain = setUp(async () => SETTLED);
    await plain.useCase.execute({ tenant: 'acme', recommendationId: 'r-2', outcome, attempt: 1 });
    expect([...nothing.published, ...plain.published]).toEqual([]);
  });
});
