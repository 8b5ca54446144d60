// A helper process of a benchmark (instant LLM responder, Kafka responder): started with the same Node,
// ready when it prints its first JSON line on stdout, stopped by its own pid.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export async function startChild(script, args = [], { env = {}, timeoutMs = 30_000 } = {}) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready within ${timeoutMs} ms`)), timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready`));
    });
  });
  lines.on('line', (line) => process.stdout.write(`  [${script.split('/').pop()}] ${line}\n`));
  return {
    pid: child.pid,
    info: JSON.parse(first),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
