// Preloaded into a service process (`NODE_OPTIONS=--require bench/lib/cpu-profiler.cjs`) to profile just a
// benchmark's measured window: the first SIGWINCH starts the V8 CPU profiler, the second writes
// `<BENCH_CPU_PROFILE_DIR>/<label>-<pid>.cpuprofile` (open it in Chrome DevTools, or summarise it with
// bench/lib/cpu-profile-summary.mjs). `node --cpu-prof` would only write at a normal exit, and a bench
// stops the services with SIGTERM. Not SIGUSR2: Nest's enableShutdownHooks() closes the app on it;
// SIGWINCH is ignored by default, so a process without this preload is unaffected.
const inspector = require('node:inspector');
const { writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')),
      );
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      const label = process.env.BENCH_CPU_PROFILE_LABEL || 'service';
      writeFileSync(join(dir, `${label}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      process.stdout.write(`cpu profile written to ${dir}\n`);
    });
  });
}
