#!/usr/bin/env node
// Readiness probe for a Kafka broker, using only Node built-ins.
//
// Sends a real ApiVersions (v0) request and a Metadata (v1) request over raw TCP
// and succeeds only when the broker answers both and reports at least one live
// broker. Exit code 0 = ready, 1 = not ready (reason on stderr).
//
// With --warm it additionally waits until the consumer-group and transaction coordinators
// are available and loaded (FindCoordinator + OffsetFetch + InitProducerId). On a fresh broker
// that creates __consumer_offsets / __transaction_state up front, so the first test doesn't
// hit transient "group coordinator is not available" / "coordinator is loading" errors.
//
// Usage:
//   node scripts/infra/wait-kafka.mjs [host:port] [--timeout <seconds>] [--warm] [--quiet]
//
// Target defaults to the first entry of $KAFKA_BROKERS, else 127.0.0.1:$KAFKA_PORT (9092).
// --timeout 0 (default) makes a single attempt; otherwise it retries until the timeout.
import net from 'node:net';

const ATTEMPT_TIMEOUT_MS = 3000;

function parseArgs(argv) {
  const opts = { target: undefined, timeoutS: 0, quiet: false, warm: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--timeout') opts.timeoutS = Number(argv[++i]);
    else if (a.startsWith('--timeout=')) opts.timeoutS = Number(a.slice('--timeout='.length));
    else if (a === '--quiet' || a === '-q') opts.quiet = true;
    else if (a === '--warm') opts.warm = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: wait-kafka.mjs [host:port] [--timeout <seconds>] [--warm] [--quiet]');
      process.exit(0);
    } else opts.target = a;
  }
  if (!opts.target) {
    const fromEnv = (process.env.KAFKA_BROKERS || '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)[0];
    opts.target = fromEnv || `127.0.0.1:${process.env.KAFKA_PORT || 9092}`;
  }
  if (!Number.isFinite(opts.timeoutS) || opts.timeoutS < 0) opts.timeoutS = 0;
  return opts;
}

function splitHostPort(target) {
  const t = target.replace(/^[a-z]+:\/\//i, '');
  const idx = t.lastIndexOf(':');
  if (idx < 0) return { host: t, port: 9092 };
  return { host: t.slice(0, idx).replace(/^\[|\]$/g, ''), port: Number(t.slice(idx + 1)) };
}

/** Frames a request with a v1 request header (api_key, api_version, correlation_id, client_id). */
function frame(apiKey, apiVersion, correlationId, body) {
  const clientId = Buffer.from('infra-probe');
  const header = Buffer.alloc(2 + 2 + 4 + 2);
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(clientId.length, 8);
  const payload = Buffer.concat([header, clientId, body]);
  const len = Buffer.alloc(4);
  len.writeInt32BE(payload.length, 0);
  return Buffer.concat([len, payload]);
}

class Conn {
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.buf = Buffer.alloc(0);
    this.waiter = null;
  }

  open() {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ host: this.host, port: this.port });
      this.sock = s;
      s.setNoDelay(true);
      s.once('connect', resolve);
      s.on('error', (err) => {
        reject(err);
        if (this.waiter) this.waiter.reject(err);
      });
      s.on('close', () => {
        if (this.waiter) this.waiter.reject(new Error('connection closed by broker'));
      });
      s.on('data', (chunk) => {
        this.buf = Buffer.concat([this.buf, chunk]);
        this.pump();
      });
    });
  }

  pump() {
    if (!this.waiter || this.buf.length < 4) return;
    const len = this.buf.readInt32BE(0);
    if (this.buf.length < 4 + len) return;
    const msg = this.buf.subarray(4, 4 + len);
    this.buf = this.buf.subarray(4 + len);
    const w = this.waiter;
    this.waiter = null;
    w.resolve(msg);
  }

  request(apiKey, apiVersion, correlationId, body) {
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.sock.write(frame(apiKey, apiVersion, correlationId, body));
      this.pump();
    });
  }

  close() {
    if (this.sock) this.sock.destroy();
  }
}

async function probeOnce(host, port) {
  const conn = new Conn(host, port);
  const timer = setTimeout(() => conn.close(), ATTEMPT_TIMEOUT_MS);
  try {
    await conn.open();

    // ApiVersions v0: empty body. Response: correlation_id, error_code, [api_key, min, max].
    const av = await conn.request(18, 0, 1, Buffer.alloc(0));
    if (av.readInt32BE(0) !== 1) throw new Error('ApiVersions: correlation id mismatch');
    const avErr = av.readInt16BE(4);
    if (avErr !== 0) throw new Error(`ApiVersions: error code ${avErr}`);
    const apiCount = av.readInt32BE(6);

    // Metadata v1 with null topic list (= all topics, no auto-creation).
    const body = Buffer.alloc(4);
    body.writeInt32BE(-1, 0);
    const md = await conn.request(3, 1, 2, body);
    if (md.readInt32BE(0) !== 2) throw new Error('Metadata: correlation id mismatch');
    const brokers = md.readInt32BE(4);
    if (brokers < 1) throw new Error('Metadata: broker reports no live brokers yet');
    return { apiCount, brokers };
  } finally {
    clearTimeout(timer);
    conn.close();
  }
}

function kafkaString(s) {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeInt16BE(b.length, 0);
  return Buffer.concat([len, b]);
}

/**
 * Warm-up: makes sure the group and transaction coordinators exist AND have finished loading.
 * FindCoordinator (v1) forces creation of __consumer_offsets / __transaction_state; OffsetFetch (v2)
 * and InitProducerId (v0) then fail with COORDINATOR_LOAD_IN_PROGRESS (14) until loading is done
 * (or, for InitProducerId, until the broker got a producer-id block from the controller).
 * Throws unless everything answered with error code 0.
 */
async function warmOnce(host, port) {
  const conn = new Conn(host, port);
  const timer = setTimeout(() => conn.close(), ATTEMPT_TIMEOUT_MS * 2);
  let corr = 10;
  const call = async (what, apiKey, version, body, errorOffset) => {
    const res = await conn.request(apiKey, version, ++corr, body);
    if (res.readInt32BE(0) !== corr) throw new Error(`${what}: correlation id mismatch`);
    const err = res.readInt16BE(errorOffset(res));
    if (err !== 0) throw new Error(`${what}: error code ${err} (coordinator not ready yet)`);
  };
  const int32 = (n) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n, 0);
    return b;
  };
  try {
    await conn.open();
    // FindCoordinator v1 response: correlation, throttle_time_ms, error_code, ...
    await call('FindCoordinator(group)', 10, 1, Buffer.concat([kafkaString('infra-warmup'), Buffer.from([0])]), () => 8);
    // OffsetFetch v2 (all topics) response: correlation, topics[] (empty for this group), error_code
    await call('OffsetFetch', 9, 2, Buffer.concat([kafkaString('infra-warmup'), int32(-1)]), (res) => {
      if (res.readInt32BE(4) !== 0) throw new Error('OffsetFetch: unexpected committed offsets for warm-up group');
      return 8;
    });
    await call('FindCoordinator(transaction)', 10, 1, Buffer.concat([kafkaString('infra-warmup-tx'), Buffer.from([1])]), () => 8);
    // InitProducerId v0 response: correlation, throttle_time_ms, error_code, producer_id, epoch
    await call('InitProducerId(tx)', 22, 0, Buffer.concat([kafkaString('infra-warmup-tx'), int32(60000)]), () => 8);
    // InitProducerId with a null transactional id (idempotent producer) always allocates a fresh
    // producer id, which makes the broker fetch a producer-id block from the KRaft controller;
    // until it has one it answers COORDINATOR_LOAD_IN_PROGRESS.
    const nullString = Buffer.alloc(2);
    nullString.writeInt16BE(-1, 0);
    await call('InitProducerId(idempotent)', 22, 0, Buffer.concat([nullString, int32(60000)]), () => 8);
  } finally {
    clearTimeout(timer);
    conn.close();
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { host, port } = splitHostPort(opts.target);
  const deadline = Date.now() + opts.timeoutS * 1000;
  let lastErr;
  for (;;) {
    try {
      const r = await probeOnce(host, port);
      if (opts.warm) await warmOnce(host, port);
      if (!opts.quiet) {
        const extra = opts.warm ? ', group+transaction coordinators ready' : '';
        console.log(`kafka ${host}:${port} ready (${r.apiCount} APIs, ${r.brokers} broker(s)${extra})`);
      }
      return 0;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(500);
  }
  if (!opts.quiet) console.error(`kafka ${host}:${port} not ready: ${lastErr && lastErr.message}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
