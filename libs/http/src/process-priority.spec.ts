import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { applyNiceness, nicenessOf } from './process-priority';

describe('nicenessOf', () => {
  it('gives the services an HTTP caller waits on 0 and the others 10, unless told', () => {
    expect(nicenessOf('gateway', undefined, 0)).toBe(0);
    expect(nicenessOf('recommender', undefined, 0)).toBe(0);
    expect(nicenessOf('compliance', undefined, 0)).toBe(10);
    expect(nicenessOf('delivery', undefined, 0)).toBe(10);
    expect(nicenessOf('audit', undefined, 0)).toBe(10);
  });

  it('keeps a higher niceness the process was started with, and takes PROCESS_NICENESS as it is', () => {
    expect(nicenessOf('audit', undefined, 15)).toBe(15);
    expect(nicenessOf('gateway', undefined, 5)).toBe(5);
    expect(nicenessOf('audit', undefined, 4)).toBe(10);
    expect(nicenessOf('gateway', 3, 15)).toBe(3);
    expect(nicenessOf('audit', 0, 0)).toBe(0);
  });
});

const onLinux = existsSync('/proc/self/task') ? describe : describe.skip;

onLinux('applyNiceness on a running process', () => {
  let child: ChildProcess;

  beforeEach(async () => {
    child = spawn(process.execPath, ['-e', 'process.stdout.write("started"); setInterval(() => {}, 1000)'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise((resolve) => child.stdout!.once('data', resolve));
  });

  afterEach(() => {
    child.kill('SIGKILL');
  });

  const threadsOf = (pid: number) => readdirSync(`/proc/${pid}/task`).map(Number);
  // /proc/<pid>/task/<tid>/stat: the 19th field, counted after the command name in parentheses (field 2)
  const nicenessOfThread = (pid: number, thread: number) =>
    Number(readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1].split(' ')[16]);

  it('sets every thread, not the main one alone', () => {
    const pid = child.pid!;
    const threads = threadsOf(pid);
    // node starts the garbage collector's and libuv's threads beside the main one
    expect(threads.length).toBeGreaterThan(1);
    expect(applyNiceness(12, threads)).toBeUndefined();
    expect(threads.map((thread) => nicenessOfThread(pid, thread))).toEqual(threads.map(() => 12));
  });

  it('answers the first refusal after trying every thread', () => {
    const pid = child.pid!;
    const [main] = threadsOf(pid);
    const gone = spawn(process.execPath, ['-e', '0']);
    const goneId = gone.pid!;
    return new Promise<void>((resolve) => gone.once('exit', () => resolve())).then(() => {
      const refused = applyNiceness(7, [goneId, main]);
      expect(refused?.message).toMatch(/ESRCH/);
      expect(nicenessOfThread(pid, main)).toBe(7);
    });
  });
});
