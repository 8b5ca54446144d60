import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

// Runs from dist/ (`npm run build` first): a Nest application in a process of its own, stopped with a real SIGTERM.
const root = join(__dirname, '../..');

/**
 * A Nest application stopping on signals as a service process does (stopOnSignals, as runService sets it up), whose
 * one shutdown hook takes `hookMs`; `signal` once it is ready. How the process ended, and when.
 */
async function stopped(hookMs: number, graceMs: number, signal: NodeJS.Signals = 'SIGTERM') {
  const script = `
    require('reflect-metadata');
    const { Module } = require('@nestjs/common');
    const { NestFactory } = require('@nestjs/core');
    const { stopOnSignals } = require('./dist/libs/http/src/shutdown-grace.js');
    class SlowToStop {
      onApplicationShutdown() { return new Promise((resolve) => setTimeout(resolve, ${hookMs})); }
    }
    class AppModule {}
    Module({ providers: [SlowToStop] })(AppModule);
    NestFactory.createApplicationContext(AppModule, { logger: false }).then((app) => {
      stopOnSignals(app, ${graceMs}, 'probe');
      setInterval(() => undefined, 1000);
      process.stdout.write('ready\\n');
    });
  `;
  const child = spawn(process.execPath, ['-e', script], { cwd: root });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  await ready(child);
  const signalledAt = Date.now();
  child.kill(signal);
  const [code, endedBy] = await once(child, 'exit');
  return { code, signal: endedBy, afterMs: Date.now() - signalledAt, stderr };
}

/** Once the child has written "ready"; fails, with what it wrote on stderr, if it ends first. */
function ready(child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => String(chunk).includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready: ${stderr}`)));
  });
}

describe('a service process stopped by a signal', () => {
  // each start-up writes "ready" once it is under way, and never ends (a retry timer keeps running)
  it.each([
    ["creating the application, as while it waits for Kafka's topics", `() => new Promise(() => { ready(); })`],
    [
      'initialising the application, as while its consumers join their groups',
      `() => {
        class JoiningGroups { onModuleInit() { ready(); return new Promise(() => undefined); } }
        class AppModule {}
        Module({ providers: [JoiningGroups, { provide: Environment, useValue: { SHUTDOWN_GRACE_MS: 25000, PORT: 0 } }] })(AppModule);
        return NestFactory.create(AppModule, { logger: false });
      }`,
    ],
  ])('ends at once, as a crash would, while it is still %s (runService)', async (_startUp, createApp) => {
    const script = `
      require('reflect-metadata');
      const { Module } = require('@nestjs/common');
      const { NestFactory } = require('@nestjs/core');
      const { Environment } = require('./dist/libs/config/src/index.js');
      const ready = () => { setInterval(() => undefined, 1000); process.stdout.write('ready\\n'); };
      require('./dist/libs/http/src/run-service.js').runService('audit', ${createApp});
    `;
    const child = spawn(process.execPath, ['-e', script], { cwd: root });
    await ready(child);
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const [code, signal] = await once(child, 'exit');
    // 128 + SIGTERM's number (15)
    expect({ code, signal }).toEqual({ code: 143, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
  });

  it('exits with code 1, and says why, when its shutdown outlasts the grace', async () => {
    const ended = await stopped(60_000, 800);
    expect(ended).toMatchObject({
      code: 1,
      signal: null,
      stderr: 'probe had not shut down 800 ms after SIGTERM: exiting (SHUTDOWN_GRACE_MS)\n',
    });
    expect(ended.afterMs).toBeGreaterThanOrEqual(800);
    expect(ended.afterMs).toBeLessThan(10_000);
  });

  it('exits with code 0 once the shutdown is over in time, without waiting out the grace', async () => {
    const ended = await stopped(200, 20_000);
    expect(ended).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(ended.afterMs).toBeLessThan(10_000);
  });

  it('is ended by any other signal as node ends a process, not by a shutdown the grace does not bound', async () => {
    const ended = await stopped(60_000, 800, 'SIGHUP');
    expect(ended).toMatchObject({ code: null, signal: 'SIGHUP' });
    expect(ended.afterMs).toBeLessThan(5_000);
  });
});
