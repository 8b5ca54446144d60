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

describe('applyNiceness', () => {
  const systemError = (code: string) => Object.assign(new Error(`uv_os_setpriority returned ${code}`), { info: { code } });

  it('tries every thread and answers the first failure', () => {
    const tried: number[] = [];
    const failure = applyNiceness(10, [101, 102, 103, 104], (thread) => {
      tried.push(thread);
      if (thread === 102) throw systemError('EACCES');
      if (thread === 103) throw systemError('EPERM');
    });
    expect(tried).toEqual([101, 102, 103, 104]);
    expect(failure?.message).toBe('uv_os_setpriority returned EACCES');
  });

  it('passes over a thread that ended since it was listed', () => {
    const failure = applyNiceness(10, [101, 102], (thread) => {
      if (thread === 101) throw systemError('ESRCH');
    });
    expect(failure).toBeUndefined();
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

  // /proc/<pid>/task/<tid>/stat: the 19th field, counted on from the state after the command name's last parenthesis
  const nicenessOfThread = (pid: number, thread: number) => {
    const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };

  it('sets every thread, not the main one alone', () => {
    const pid = child.pid!;
    const threads = readdirSync(`/proc/${pid}/task`).map(Number);
    // node starts the garbage collector's and libuv's threads beside the main one
    expect(threads.length).toBeGreaterThan(1);
    // 19, the most a niceness goes up to, is allowed whatever the niceness the suite runs at
    expect(applyNiceness(19, threads)).toBeUndefined();
    expect(threads.map((thread) => nicenessOfThread(pid, thread))).toEqual(threads.map(() => 19));
  });
});
