import { Model } from 'mongoose';
import { PinoLogger } from 'nestjs-pino';
import { Clock, Environment } from '@followup/config';
import { LeaseRecord } from '@followup/persistence';
import { ModelRetrainScheduler } from './model-retrain.scheduler';
import { PriorityModels } from './priority-models';
import { RetrainModelsUseCase } from './retrain-models.use-case';

// instances of the service, as if each were its own process
jest.mock('@followup/config', () => {
  let instances = 0;
  return { ...jest.requireActual('@followup/config'), instanceId: (service: string) => `${service}-${(instances += 1)}` };
});

const INTERVAL_MS = 60_000;
const environment = { PRIORITY_MODEL_RETRAIN_INTERVAL_MS: INTERVAL_MS, PRIORITY_HORIZON_DAYS: 14 } as Environment;
const clock: Clock = { now: () => new Date() };
const logger = { setContext: () => undefined, info: () => undefined, warn: () => undefined } as unknown as PinoLogger;

/** The `leases` collection as Lease.hold() uses it: the conditional upsert of a lease another instance holds is a duplicate key. */
function leaseCollection(): Model<LeaseRecord> {
  let lease: { holder: string; until: Date } | undefined;
  type Hold = { $or?: [{ holder: string }, { until: { $lte: Date } }] };
  const updateOne = (filter: Hold, update: { $set: { holder: string; until: Date } }) => ({
    exec: async () => {
      if (!filter.$or) return; // a release at shutdown
      const [{ holder }, { until }] = filter.$or;
      if (lease && lease.holder !== holder && lease.until > until.$lte)
        throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
      lease = update.$set;
    },
  });
  return { updateOne } as unknown as Model<LeaseRecord>;
}

describe('ModelRetrainScheduler', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'performance'] }));
  afterEach(() => jest.useRealTimers());

  it('retrains on one instance of several each interval', async () => {
    const retrain = { execute: jest.fn().mockResolvedValue([]) } as unknown as RetrainModelsUseCase;
    const models = { forgetAll: () => undefined } as unknown as PriorityModels;
    const leases = leaseCollection();
    const instances = [1, 2, 3].map(() => new ModelRetrainScheduler(retrain, models, environment, clock, logger, leases));

    for (const instance of instances) instance.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(3 * INTERVAL_MS);
    await Promise.all(instances.map((instance) => instance.onApplicationShutdown()));

    expect(retrain.execute).toHaveBeenCalledTimes(3);
  });
});
