import { PinoLogger } from 'nestjs-pino';
import { ErrorCode } from '@followup/contracts';
import { LeadErasureCheck } from '../leads/lead-erasure-check';
import { LeadView } from '../leads/lead-view';
import { LeadRepository } from '../leads/lead.repository';
import {
  AnnouncedChange,
  NewRecommendationRequest,
  RecommendationRequestRepository,
  RequestOutcome,
  Settlement,
} from './recommendation-request.repository';
import { VersionedRecommendation } from './recommendation-versions';
import { RecordOutboxPublisher } from './record-outbox-publisher';
import { RecordRecommendationOutcomeUseCase } from './record-recommendation-outcome.use-case';
import { ReplyWaiter } from './reply-waiter';

const outcome: RequestOutcome = { status: 'completed', result: { priority_score: 70 } as never, confidence: 'normal' };
const stored = { recommendation_id: 'r-1', tenant: 'acme', status: 'pending', attempt: 1, version: 0 } as VersionedRecommendation;

const SETTLED: Settlement = { settled: true };

const request: NewRecommendationRequest = {
  recommendation_id: 'r-7',
  tenant: 'acme',
  lead_id: 'LD-7',
  request_id: 'req-7',
  requested_by: 'rep-1',
};

function setUp(settle: () => Promise<Settlement>, { inserts = true, erasedLeads = [] as string[], parks = true } = {}) {
  const settled: { recommendationId: string; attempt: number; known?: VersionedRecommendation }[] = [];
  const answeredInserts: { recommendationId: string; json: string; status: RequestOutcome['status']; leadErased: boolean }[] = [];
  const parked: { leadId: string; recommendationId: string; leadErased: boolean }[] = [];
  const erasedLate: string[] = [];
  const erasedParked: string[] = [];
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
    createAnswered: async (held: NewRecommendationRequest, json: string, answered: RequestOutcome, leadErased: boolean) => {
      answeredInserts.push({ recommendationId: held.recommendation_id, json, status: answered.status, leadErased });
      return inserts;
    },
    park: async (_tenant: string, leadId: string, recommendationId: string, _outcome: RequestOutcome, leadErased: boolean) => {
      parked.push({ leadId, recommendationId, leadErased });
      return parks;
    },
    eraseStoredLate: async (_tenant: string, recommendationId: string) => void erasedLate.push(recommendationId),
    eraseParked: async (recommendationId: string) => void erasedParked.push(recommendationId),
  } as unknown as RecommendationRequestRepository;
  let erasedLookups = 0;
  // erasedLeads[n]: the leads erased as of the n-th look (the last entry from then on)
  // the view holds no lead, so every look reads the leads collection: erased, the lead is not found there
  const leads = new LeadErasureCheck(
    { find: () => undefined } as unknown as LeadView,
    {
      findOne: async (_tenant: string, leadId: string) =>
        (erasedLeads[Math.min((erasedLookups += 1) - 1, erasedLeads.length - 1)] ?? '').split(',').includes(leadId)
          ? null
          : { lead_id: leadId },
    } as unknown as LeadRepository,
  );
  const replies = new ReplyWaiter();
  const published: unknown[][] = [];
  const outboxes = { publish: async (...args: unknown[]) => void published.push(args) } as unknown as RecordOutboxPublisher;
  const warnings: string[] = [];
  const logger = {
    setContext: () => undefined,
    info: () => undefined,
    warn: (_fields: object, message: string) => void warnings.push(message),
  } as unknown as PinoLogger;
  return {
    useCase: new RecordRecommendationOutcomeUseCase(requests, replies, outboxes, leads, logger),
    replies,
    settled,
    revisions,
    published,
    answeredInserts,
    parked,
    erasedLate,
    erasedParked,
    warnings,
  };
}

describe('RecordRecommendationOutcomeUseCase', () => {
  it('records an answer arriving on both consumers once, on the record the waiting request stored, and hands it over', async () => {
    const { useCase, replies, settled } = setUp(async () => SETTLED);
    const pending = replies.expect('r-1', 'req-1', { stored }, 5_000);
    const answer = { tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-1', outcome, attempt: 1 };
    await Promise.all([useCase.execute(answer), useCase.execute(answer)]);
    await useCase.execute(answer);
    expect(settled).toEqual([{ recommendationId: 'r-1', attempt: 1, known: stored }]);
    await expect(pending.outcome).resolves.toBe(outcome);
  });

  it("records another attempt's answer, and reads the record when no request waits here", async () => {
    const { useCase, settled } = setUp(async () => SETTLED);
    await useCase.execute({ tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-2', outcome, attempt: 1 });
    await useCase.execute({ tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-2', outcome, attempt: 2 });
    expect(settled).toEqual([
      { recommendationId: 'r-2', attempt: 1, known: undefined },
      { recommendationId: 'r-2', attempt: 2, known: undefined },
    ]);
  });

  it("records a revision's first answer, failed or not, as a request of its own, and settles a manager's retry of it", async () => {
    const { useCase, settled, revisions } = setUp(async () => SETTLED);
    const failed: RequestOutcome = { status: 'failed', error: { code: ErrorCode.AiServiceUnavailable, message: 'in the manual queue' } };
    await useCase.execute({ tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-5', outcome: failed, attempt: 1, revisionOf: 'r-0' });
    await useCase.execute({ tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-6', outcome, attempt: 1, revisionOf: 'r-0' });
    await useCase.execute({ tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-5', outcome, attempt: 2, revisionOf: 'r-0' });
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
    const answer = { tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-3', outcome, attempt: 1 };
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
    const answer = { tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-4', outcome, attempt: 2 };

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
    const answer = { tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-1', outcome, attempt: 1 };
    await Promise.all([useCase.execute(answer), useCase.execute(answer)]);
    expect(published).toEqual([['acme', 'r-1', announced.outbox, stored]]);
  });

  it('publishes nothing for an answer that settled nothing or was written without a notice', async () => {
    const nothing = setUp(async () => ({ settled: false }));
    await nothing.useCase.execute({ tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-1', outcome, attempt: 1 });
    const plain = setUp(async () => SETTLED);
    await plain.useCase.execute({ tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-2', outcome, attempt: 1 });
    expect([...nothing.published, ...plain.published]).toEqual([]);
  });

  it('stores a request waiting here unstored with its answer, in one insert, before handing the answer over', async () => {
    const { useCase, replies, settled, answeredInserts } = setUp(async () => SETTLED);
    const pending = replies.expect('r-7', 'req-7', { held: { request, json: '{"event_id":"e-7"}' } }, 5_000);
    await useCase.execute({ tenant: 'acme', leadId: 'LD-1', recommendationId: 'r-7', outcome, attempt: 1 });
    expect(answeredInserts).toEqual([{ recommendationId: 'r-7', json: '{"event_id":"e-7"}', status: 'completed', leadErased: false }]);
    expect(settled).toEqual([]);
    await expect(pending.outcome).resolves.toBe(outcome);
  });

  it("stores it as its lead's erasure leaves it when the lead was erased while the request waited", async () => {
    const { useCase, replies, answeredInserts, erasedLate } = setUp(async () => SETTLED, { erasedLeads: ['LD-7'] });
    replies.expect('r-7', 'req-7', { held: { request, json: '{}' } }, 5_000);
    await useCase.execute({ tenant: 'acme', leadId: 'LD-7', recommendationId: 'r-7', outcome, attempt: 1 });
    expect(answeredInserts.map(({ leadErased }) => leadErased)).toEqual([true]);
    expect(erasedLate).toEqual([]);
  });

  it('erases the stored record when the lead turns out erased once the insert landed, though not when it was checked', async () => {
    const { useCase, replies, answeredInserts, erasedLate } = setUp(async () => SETTLED, { erasedLeads: ['', 'LD-7'] });
    replies.expect('r-7', 'req-7', { held: { request, json: '{}' } }, 5_000);
    await useCase.execute({ tenant: 'acme', leadId: 'LD-7', recommendationId: 'r-7', outcome, attempt: 1 });
    expect(answeredInserts.map(({ leadErased }) => leadErased)).toEqual([false]);
    expect(erasedLate).toEqual(['r-7']);
  });

  it('settles the answer on the record when the insert finds the request stored already (as pending, at the same moment)', async () => {
    const { useCase, replies, settled, erasedLate } = setUp(async () => SETTLED, { inserts: false });
    replies.expect('r-7', 'req-7', { held: { request, json: '{}' } }, 5_000);
    await useCase.execute({ tenant: 'acme', leadId: 'LD-7', recommendationId: 'r-7', outcome, attempt: 1 });
    expect(settled).toEqual([{ recommendationId: 'r-7', attempt: 1, known: undefined }]);
    expect(erasedLate).toEqual([]);
  });

  it('parks an answer whose request no record holds yet, at once, for the instance holding it to take', async () => {
    const { useCase, settled, parked } = setUp(async () => ({ settled: false, missing: true }));
    await useCase.execute({ tenant: 'acme', leadId: 'LD-8', recommendationId: 'r-8', outcome, attempt: 1 });
    expect(settled).toHaveLength(1);
    expect(parked).toEqual([{ leadId: 'LD-8', recommendationId: 'r-8', leadErased: false }]);
    expect(useCase.hasRecorded('r-8:1')).toBe(true);
  });

  it("parks it with the lead's texts erased when the lead was erased", async () => {
    const { useCase, parked, erasedParked } = setUp(async () => ({ settled: false, missing: true }), { erasedLeads: ['LD-8'] });
    await useCase.execute({ tenant: 'acme', leadId: 'LD-8', recommendationId: 'r-8', outcome, attempt: 1 });
    expect(parked).toEqual([{ leadId: 'LD-8', recommendationId: 'r-8', leadErased: true }]);
    expect(erasedParked).toEqual([]);
  });

  it('erases the texts of the answer it parked when the lead turns out erased once the claim landed', async () => {
    const { useCase, parked, erasedParked } = setUp(async () => ({ settled: false, missing: true }), { erasedLeads: ['', 'LD-8'] });
    await useCase.execute({ tenant: 'acme', leadId: 'LD-8', recommendationId: 'r-8', outcome, attempt: 1 });
    expect(parked).toEqual([{ leadId: 'LD-8', recommendationId: 'r-8', leadErased: false }]);
    expect(erasedParked).toEqual(['r-8']);
  });

  it('settles it on the record when another change of it was claimed before the answer could be parked', async () => {
    let looks = 0;
    const { useCase, settled, parked } = setUp(async () => ((looks += 1) === 1 ? { settled: false, missing: true } : SETTLED), {
      parks: false,
    });
    await useCase.execute({ tenant: 'acme', leadId: 'LD-9', recommendationId: 'r-9', outcome, attempt: 1 });
    expect(parked).toHaveLength(1);
    expect(settled).toEqual([
      { recommendationId: 'r-9', attempt: 1, known: undefined },
      { recommendationId: 'r-9', attempt: 1, known: undefined },
    ]);
  });

  it("parks nothing for a later attempt's answer: only a first attempt is ever unstored", async () => {
    const { useCase, parked } = setUp(async () => ({ settled: false, missing: true }));
    await useCase.execute({ tenant: 'acme', leadId: 'LD-9', recommendationId: 'r-9', outcome, attempt: 2 });
    expect(parked).toEqual([]);
  });
});
