// The five services as real OS processes started from dist/, for the durability test, the chaos run and
// the API benchmark: each can be killed with SIGKILL mid-flow and started again. With `instances: N` every
// service runs as N processes: the first is named as its service ("gateway"), the others "gateway@2" … "gateway@N";
// every method taking a service takes such an instance name too. Instance k of the gateway forwards to instance k
// of the other services. `root` runs another checkout's dist/ (bench:api --against). CommonJS so both the .mjs
// scripts and the jest tests can load it.
const { spawn } = require('node:child_process');
const { createWriteStream, mkdirSync, readFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const SERVICES = ['gateway', 'recommender', 'compliance', 'delivery', 'audit'];

class ProcessStack {
  /**
   * @param {{ env?: Record<string,string>, serviceEnv?: Record<string, Record<string,string>>, logDir?: string, root?: string, instances?: number }} options
   */
  constructor(options = {}) {
    this.env = options.env ?? {};
    this.serviceEnv = options.serviceEnv ?? {};
    this.root = options.root ?? ROOT;
    this.instanceCount = options.instances ?? 1;
    /** instance → port, chosen free on the first start and kept, so a restarted instance is found where it was. */
    this.ports = undefined;
    this.logDir = options.logDir ?? join(ROOT, '.infra', 'logs', 'process-stack');
    this.processes = new Map();
    mkdirSync(this.logDir, { recursive: true });
    // A script that dies (an uncaught error, process.exit) takes its services with it instead of leaving
    // them on their ports, where the next run's readiness checks would find them.
    process.once('exit', () => {
      for (const { child } of this.processes.values()) child.kill('SIGKILL');
    });
  }

  /** The instance names of a service: "gateway", "gateway@2", … */
  instances(service) {
    return Array.from({ length: this.instanceCount }, (_, index) => instanceName(service, index + 1));
  }

  allInstances(services = SERVICES) {
    return services.flatMap((service) => this.instances(service));
  }

  port(service) {
    if (!this.ports) throw new Error('no ports yet: start a service first');
    const port = this.ports.get(service);
    if (port === undefined) throw new Error(`no such instance: ${service}`);
    return port;
  }

  url(service) {
    return `http://127.0.0.1:${this.port(service)}`;
  }

  logFile(service) {
    return join(this.logDir, `${service}.log`);
  }

  /** Starts the service (with `env` on top of its settings, for this start only) and resolves once its /health/ready answers 200. */
  async start(service, timeoutMs = 60_000, env = {}) {
    if (this.processes.has(service)) throw new Error(`${service} is already running`);
    this.ports ??= await freePorts(this.allInstances());
    await (this.provisioned ??= provisionBus({ ...process.env, ...this.env }, this.root));
    if (!(await portIsFree(this.port(service)))) {
      throw new Error(`port ${this.port(service)} for ${service} was taken by another process while ${service} was down`);
    }
    const [name, number] = parseInstance(service);
    const log = createWriteStream(this.logFile(service), { flags: 'a' });
    const child = spawn(process.execPath, [join(this.root, 'dist/apps', name, 'src/main.js')], {
      cwd: this.root,
      env: {
        ...process.env,
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        COMPLIANCE_URL: this.url(instanceName('compliance', number)),
        DELIVERY_URL: this.url(instanceName('delivery', number)),
        AUDIT_URL: this.url(instanceName('audit', number)),
        ...this.env,
        ...this.serviceEnv[name],
        ...env,
        PORT: String(this.port(service)),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const entry = { child, exited, ready: false };
    this.processes.set(service, entry);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${service} exited during start-up; see ${this.logFile(service)}`);
      const ready = await fetch(`${this.url(service)}/health/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) {
        entry.ready = true;
        return;
      }
      if (Date.now() > deadline) throw new Error(`${service} not ready within ${timeoutMs} ms; see ${this.logFile(service)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Starts every instance of the services. */
  async startAll(services = SERVICES) {
    this.ports ??= await freePorts(this.allInstances());
    await Promise.all(this.allInstances(services).map((instance) => this.start(instance)));
  }

  /** SIGKILL: no shutdown hooks, no offset commits, no in-flight work finished. */
  async kill(service) {
    const entry = this.processes.get(service);
    if (!entry) return;
    entry.ready = false;
    entry.child.kill('SIGKILL');
    await entry.exited;
    this.processes.delete(service);
  }

  async stop(service) {
    const entry = this.processes.get(service);
    if (!entry) return;
    entry.ready = false;
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

  /** The instances of a service that answered ready and have not been stopped or killed since. */
  ready(service) {
    return this.instances(service).filter((instance) => this.processes.get(instance)?.ready);
  }

  async stopAll() {
    await Promise.all([...this.processes.keys()].map((service) => this.stop(service)));
  }
}

/** Instance `number` (1-based) of a service: the first is named as the service. */
function instanceName(service, number) {
  return number === 1 ? service : `${service}@${number}`;
}

/** [service, number] of an instance name. */
function parseInstance(name) {
  const [service, number] = name.split('@');
  if (!SERVICES.includes(service)) throw new Error(`no such service: ${service}`);
  return [service, number === undefined ? 1 : Number(number)];
}

/**
 * One free port per instance, drawn at random below the kernel's ephemeral range and probed: two stacks on one
 * host do not collide, and a killed service's port cannot meanwhile become the local port of some outgoing
 * connection (those come from the ephemeral range), so it is still free when the service is started again.
 */
async function freePorts(instances) {
  const ephemeralFloor = Number(readLocalPortRange()[0]) || 32768;
  const lowest = Math.min(20000, ephemeralFloor - 1000);
  const ports = new Map();
  const taken = new Set();
  for (const instance of instances) {
    for (let tries = 0; ; tries += 1) {
      const candidate = lowest + Math.floor(Math.random() * (ephemeralFloor - lowest));
      if (!taken.has(candidate) && (await portIsFree(candidate))) {
        ports.set(instance, candidate);
        taken.add(candidate);
        break;
      }
      if (tries > 200) throw new Error('no free port found below the ephemeral range');
    }
  }
  return ports;
}

function readLocalPortRange() {
  try {
    return readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
  } catch {
    return []; // not Linux: 32768 is below both Linux's and the BSDs' ephemeral ranges
  }
}

/**
 * The catalog's topics and the services' ACLs for the deployment `env` describes (its KAFKA_TOPIC_PREFIX), made
 * as the admin principal by dist's provision-bus.main.js (of the checkout at `root`) in a process of its own: `root`
 * may be a baseline (bench:api --against) whose contracts still fixed the topic names from the environment of the
 * process that loaded them. The services hold no admin rights, so this runs first.
 */
function provisionBus(env, root = ROOT) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist/libs/messaging/src/provision-bus.main.js')], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(errors.trim() || `provision-bus exited with ${code}`))));
  });
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

module.exports = { ProcessStack, SERVICES, provisionBus };
