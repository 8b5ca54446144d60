import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { EventEnvelope, SuppressionChangedEvent } from '@followup/contracts';
import { SuppressionEntry, SuppressionIndex } from './suppression-index';
import { SuppressionRepository } from './suppression.repository';
import { SuppressionView } from './suppression-view';

/** The view's protected hooks, as EventFedView calls them. */
type Hooks = { load(): Promise<SuppressionIndex>; apply(state: SuppressionIndex, event: EventEnvelope<object>): void };

const logger = { setContext: () => undefined, info: () => undefined, warn: () => undefined } as unknown as PinoLogger;
const ID = '5f0c7a52-9d1e-4b8a-a7c3-2e6f1d9b0c44';
const stop: SuppressionEntry = { tenant: 'acme', suppression_id: ID, channel: 'sms', address: '+14155550123', active: true };
const key = { tenant: 'acme', channel: 'sms', address: '+14155550123' } as const;
const changed = Object.assign(new SuppressionChangedEvent(), { tenant: 'acme', payload: { suppression_id: ID, change: 'suppressed' } });
const settled = () => new Promise((resolve) => setImmediate(resolve));

function setup(entry: () => Promise<SuppressionEntry | null>) {
  const repository = {
    activeEntries: async () => [],
    entry: jest.fn(entry),
    isActive: jest.fn(async () => true),
  } as unknown as SuppressionRepository;
  const view = new SuppressionView({ KAFKA_TOPIC_PREFIX: '' } as Environment, repository, logger);
  return { view, hooks: view as unknown as Hooks, repository };
}

it('asks the database while it is not live', async () => {
  const { view, repository } = setup(async () => stop);
  expect(await view.isActive(key)).toBe(true);
  expect(repository.isActive).toHaveBeenCalledWith(key);
});

it('reads an announced entry back by its id; the tenant is unknown until the read lands', async () => {
  const { hooks, repository } = setup(async () => stop);
  const index = await hooks.load();
  expect(index.isActive('acme', 'sms', '+14155550123')).toBe(false);
  hooks.apply(index, changed);
  expect(index.isActive('acme', 'sms', '+14155550123')).toBeUndefined();
  await settled();
  expect(repository.entry).toHaveBeenCalledWith('acme', ID);
  expect(index.isActive('acme', 'sms', '+14155550123')).toBe(true);
});

it('reads again after a failed read, the tenant unknown meanwhile', async () => {
  jest.useFakeTimers();
  try {
    let calls = 0;
    const { hooks } = setup(async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection reset');
      return stop;
    });
    const index = await hooks.load();
    hooks.apply(index, changed);
    await jest.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBe(true);
  } finally {
    jest.useRealTimers();
  }
});
