import { ShutdownStop } from './shutdown-stop';

const settle = () => new Promise((resolve) => setImmediate(resolve));

function controlledStop() {
  const calls = { count: 0 };
  let finishStop!: (error?: Error) => void;
  const stop = new ShutdownStop(() => {
    calls.count += 1;
    return new Promise<void>((resolve, reject) => (finishStop = (error) => (error ? reject(error) : resolve())));
  });
  return { stop, calls, finishStop: (error?: Error) => finishStop(error) };
}

it('starts the stop on begin without waiting for it, and finish settles once the stop has', async () => {
  const { stop, calls, finishStop } = controlledStop();
  stop.begin();
  expect(calls.count).toBe(1);

  let finished = false;
  const finishing = stop.finish().then(() => (finished = true));
  await settle();
  expect(finished).toBe(false);
  finishStop();
  await finishing;
  expect(finished).toBe(true);
  expect(calls.count).toBe(1);
});

it('stops once however often it is begun', async () => {
  const { stop, calls, finishStop } = controlledStop();
  stop.begin();
  stop.begin();
  finishStop();
  await stop.finish();
  expect(calls.count).toBe(1);
});

it('starts the stop in finish when begin was never called', async () => {
  const { stop, calls, finishStop } = controlledStop();
  const finishing = stop.finish();
  expect(calls.count).toBe(1);
  finishStop();
  await expect(finishing).resolves.toBeUndefined();
});

// without the stop's own catch, jest fails this case for the rejection nobody handled before `finish` is called
it('reports a failed stop from finish, not as an unhandled rejection while nobody waits on it yet', async () => {
  const { stop, finishStop } = controlledStop();
  stop.begin();
  finishStop(new Error('broker away'));
  await settle();
  await settle();
  await expect(stop.finish()).rejects.toThrow('broker away');
});
