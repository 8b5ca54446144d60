// The five services as real OS processes started from dist/, for the durability test, the chaos run and
// the API benchmark: each can be killed with SIGKILL mid-flow and started again. CommonJS so both the
// .mjs scripts and the jest tests can load it.
const { spawn } = require('node:child_process');
const { createWriteStream, mkdirSync } = require('node:fs');
const { createServer } = require('node:net');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const SERVICES = ['gateway', 'recommender', 'compliance', 'delivery', 'audit'];

class ProcessStack {
  /**
   * @param {{ env?: Record<string,string>, serviceEnv?: Record<string, Record<string,string>>, basePort?: number, logDir?: string }} options
   */
  constructor(options = {}) {
    this.env = options.env ?? {};
    this.serviceEnv = options.serviceEnv ?? {};
    this.basePort = options.basePort ?? 3100;
    this.logDir = options.logDir ?? join(ROOT, '.infra', 'logs', 'process-stack');
    this.processes = new Map();
    mkdirSync(this.logDir, { recursive: true });
    // A script that dies (an uncaught error, process.exit) takes its services with it instead of leaving
    // them on their ports, where the next run's readiness checks would find them.
    process.once('exit', () => {
      for (const { child } of this.processes.values()) child.kill('SIGKILL');
    });
  }

  port(service) {
    return this.basePort + SERVICES.indexOf(service);
  }

  url(service) {
    return `http://127.0.0.1:${this.port(service)}`;
  }

  logFile(service) {
    return join(this.logDir, `${service}.log`);
  }

  /** Starts the service and resolves once its /health/ready answers 200. */
  async start(service, timeoutMs = 60_000) {
    if (this.processes.has(service)) throw new Error(`${service} is already running`);
    if (!(await portIsFree(this.port(service)))) {
      throw new Error(`port ${this.port(service)} for ${service} is taken by another process (a stack left over from an earlier run?)`);
    }
    const log = createWriteStream(this.logFile(service), { flags: 'a' });
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps', service, 'src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        COMPLIANCE_URL: this.url('compliance'),
        DELIVERY_URL: this.url('delivery'),
        AUDIT_URL: this.url('audit'),
        ...this.env,
        ...this.serviceEnv[service],
        PORT: String(this.port(service)),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.processes.set(service, { child, exited });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${service} exited during start-up; see ${this.logFile(service)}`);
      const ready = await fetch(`${this.url(service)}/health/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`${service} not ready within ${timeoutMs} ms; see ${this.logFile(service)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async startAll(services = SERVICES) {
    await Promise.all(services.map((service) => this.start(service)));
  }

  /** SIGKILL: no shutdown hooks, no offset commits, no in-flight work finished. */
  async kill(service) {
    const entry = this.processes.get(service);
    if (!entry) return;
    entry.child.kill('SIGKILL');
    await entry.exited;
    this.processes.delete(service);
  }

  async stop(service) {
    const entry = this.processes.get(service);
    if (!entry) return;
    entry.child.kill('SIGTERM');
    const timer = setTimeout(() => entry.child.kill('SIGKILL'), 10_000);
    await entry.exited;
    clearTimeout(timer);
    this.processes.delete(service);
  }

  async restart(service) {
    await this.kill(service);
    await this.start(service);
  }

  pid(service) {
    return this.processes.get(service)?.child.pid;
  }

  async stopAll() {
    await Promise.all([...this.processes.keys()].map((service) => this.stop(service)));
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

module.exports = { ProcessStack, SERVICES };
