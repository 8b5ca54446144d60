import { extractFeatures } from './features';
import { ModelSnapshotRecord } from './model-snapshot.schema';
import { ModelSnapshotRepository } from './model-snapshot.repository';
import { RetrainModelsUseCase } from './retrain-models.use-case';
import { ObservedReply, PastDecision } from './training-examples';

jest.mock('./features', () => {
  const actual = jest.requireActual('./features');
  return { ...actual, extractFeatures: jest.fn(actual.extractFeatures) };
});

const DAY_MS = 86_400_000;
const now = new Date(Date.UTC(2026, 11, 1));

/** `count` settled decisions of each tenant, interleaved: buying intent on even ones (3 in 4 replied), "no budget" on odd ones (1 in 4). */
function history(tenants: string[], count: number): { decisions: PastDecision[]; replies: ObservedReply[] } {
  const decisions = Array.from({ length: count * tenants.length }, (_, i) => {
    const decided_at = new Date(now.getTime() - (200 - (150 * i) / (count * tenants.length)) * DAY_MS);
    return {
      tenant: tenants[i % tenants.length],
      lead_id: `L-${i}`,
      decided_at,
      input: {
        account_tier: 'smb' as const,
        last_engagement_date: new Date(decided_at.getTime() - 2 * DAY_MS).toISOString().slice(0, 10),
        engagement_history: [{ type: 'email' as const, outcome: 'opened' as const }],
        recent_activity_summary: i % 2 === 0 ? 'Asked for a quote for 12 seats.' : 'No budget this year.',
      },
    };
  });
  const index = (decision: PastDecision) => Number(decision.lead_id.slice(2));
  const replies = decisions
    .filter((decision) => (index(decision) % 2 === 0 ? index(decision) % 8 !== 6 : index(decision) % 8 === 1))
    .map((decision) => ({
      tenant: decision.tenant,
      lead_id: decision.lead_id,
      observed_at: new Date(decision.decided_at.getTime() + 3 * DAY_MS),
    }));
  return { decisions, replies };
}

/** Snapshots in memory, with the unique snapshot id of the real collection; `failFor` refuses to store a scope's. */
function snapshotStore(failFor?: string) {
  const stored = new Map<string, ModelSnapshotRecord>();
  const store = async (snapshot: ModelSnapshotRecord) => {
    if (snapshot.scope === failFor) throw Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' });
    if (stored.has(snapshot.snapshot_id)) throw Object.assign(new Error('E11000 duplicate key'), { name: 'MongoServerError', code: 11000 });
    stored.set(snapshot.snapshot_id, snapshot);
  };
  const repository = {
    save: store,
    promote: (snapshot: ModelSnapshotRecord) => store({ ...snapshot, status: 'active' }),
    active: async (scope: string) =>
      [...stored.values()].reverse().find((snapshot) => snapshot.scope === scope && snapshot.status === 'active') ?? null,
  };
  return { stored, repository: repository as unknown as ModelSnapshotRepository };
}

function retrainOver({ decisions, replies }: ReturnType<typeof history>, snapshots: ModelSnapshotRepository): RetrainModelsUseCase {
  return new RetrainModelsUseCase(
    { generatedSince: async () => decisions } as never,
    { repliesSince: async () => replies } as never,
    snapshots,
  );
}

describe('RetrainModelsUseCase', () => {
  it('trains the global model on every tenant and each tenant on its own decisions, reading each decision once', async () => {
    const { repository, stored } = snapshotStore();
    jest.mocked(extractFeatures).mockClear();

    const outcomes = await retrainOver(history(['acme', 'globex'], 100), repository).execute({ horizonDays: 14, now });

    expect(outcomes.map(({ scope, examples }) => [scope, examples])).toEqual([
      ['*', 200],
      ['acme', 100],
      ['globex', 100],
    ]);
    expect([...stored.values()].map((snapshot) => [snapshot.scope, snapshot.examples])).toEqual([
      ['*', { fit: 120, calibration: 40, held_out: 40 }],
      ['acme', { fit: 60, calibration: 20, held_out: 20 }],
      ['globex', { fit: 60, calibration: 20, held_out: 20 }],
    ]);
    expect(extractFeatures).toHaveBeenCalledTimes(200); // once per decision, not once per model it trains
  });

  it('lets the event loop run while it retrains on thousands of decisions', async () => {
    const { repository } = snapshotStore();
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    let ticksDuring: number;
    try {
      await retrainOver(history(['acme', 'globex'], 1_500), repository)
        .execute({ horizonDays: 14, now })
        .then(() => (ticksDuring = ticks));
    } finally {
      clearInterval(timer);
    }
    expect(ticksDuring!).toBeGreaterThan(0);
  });

  it('gives a tenant named "global" a snapshot id of its own', async () => {
    const { repository } = snapshotStore();

    const outcomes = await retrainOver(history(['global', 'acme'], 100), repository).execute({ horizonDays: 14, now });

    expect(outcomes.map(({ scope, result }) => [scope, result])).toEqual([
      ['*', 'promoted'],
      ['global', expect.stringMatching(/promoted|rejected/)],
      ['acme', expect.stringMatching(/promoted|rejected/)],
    ]);
    expect(new Set(outcomes.map((outcome) => outcome.snapshot_id)).size).toBe(3);
  });

  it('reports a scope that failed and retrains the scopes after it', async () => {
    const { repository } = snapshotStore('acme');

    const outcomes = await retrainOver(history(['acme', 'globex'], 100), repository).execute({ horizonDays: 14, now });

    expect(outcomes.map(({ scope, result, error_name }) => [scope, result, error_name])).toEqual([
      ['*', 'promoted', undefined],
      ['acme', 'failed', 'MongoNetworkError'],
      ['globex', expect.stringMatching(/promoted|rejected/), undefined],
    ]);
  });
});
