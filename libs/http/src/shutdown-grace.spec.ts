import { EventEmitter } from 'node:events';
import { exitWhenShutdownOutlasts, StoppableProcess } from './shutdown-grace';

/** A process stand-in: signals are emitted by the test, exits and stderr lines are recorded. */
function fakeProcess() {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const lines: string[] = [];
  const target = {
    once: (signal: string, listener: () => void) => signals.once(signal, listener),
    exit: (code: number) => {
      exits.push(code);
      return undefined as never;
    },
    stderr: { write: (text: string) => lines.push(text) },
  } satisfies StoppableProcess;
  return { target, signal: (name: string) => signals.emit(name), exits, lines };
}

describe('exitWhenShutdownOutlasts', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('does nothing until a stop signal comes', () => {
    const probe = fakeProcess();
    exitWhenShutdownOutlasts(25_000, 'audit', probe.target);
    jest.advanceTimersByTime(60_000);
    expect(probe.exits).toEqual([]);
  });

  it('exits with code 1 and says so once the grace after SIGTERM is over, not before', () => {
    const probe = fakeProcess();
    exitWhenShutdownOutlasts(25_000, 'audit', probe.target);
    probe.signal('SIGTERM');
    jest.advanceTimersByTime(24_999);
    expect(probe.exits).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(probe.exits).toEqual([1]);
    expect(probe.lines).toEqual(['audit had not shut down 25000 ms after SIGTERM: exiting (SHUTDOWN_GRACE_MS)\n']);
  });

  it('counts the grace from the first stop signal, a second one (SIGINT after SIGTERM) neither restarting nor doubling it', () => {
    const probe = fakeProcess();
    exitWhenShutdownOutlasts(1_000, 'gateway', probe.target);
    probe.signal('SIGINT');
    jest.advanceTimersByTime(600);
    probe.signal('SIGTERM');
    jest.advanceTimersByTime(400);
    expect(probe.exits).toEqual([1]);
    jest.advanceTimersByTime(5_000);
    expect(probe.exits).toEqual([1]);
    expect(probe.lines).toEqual(['gateway had not shut down 1000 ms after SIGINT: exiting (SHUTDOWN_GRACE_MS)\n']);
  });
});
