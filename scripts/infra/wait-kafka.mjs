#!/usr/bin/env node
// Readiness probe for a Kafka broker, using only Node built-ins.
//
// Sends a real ApiVersions (v0) request and a Metadata (v1) request over raw TCP
// and succeeds only when the broker answers both and reports at least one live
// broker. Exit code 0 = ready, 1 = not ready (reason on stderr).
//
// With KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD set it first authenticates with SASL/SCRAM
// (KAFKA_SASL_MECHANISM: scram-sha-512, the default, or scram-sha-256; RFC 5802), as the
// broker started by infra.sh requires; infra.sh passes its admin principal's credentials.
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
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
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

async function probeOnce(host, port, sasl) {
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
    if (sasl) await authenticate(conn, sasl);

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

function kafkaBytes(b) {
  const len = Buffer.alloc(4);
  len.writeInt32BE(b.length, 0);
  return Buffer.concat([len, b]);
}

const SCRAM_HASHES = { 'scram-sha-256': ['SCRAM-SHA-256', 'sha256', 32], 'scram-sha-512': ['SCRAM-SHA-512', 'sha512', 64] };

function saslSettings() {
  const username = process.env.KAFKA_SASL_USERNAME;
  if (!username) return undefined;
  const mechanism = (process.env.KAFKA_SASL_MECHANISM || 'scram-sha-512').toLowerCase();
  if (!SCRAM_HASHES[mechanism]) throw new Error(`KAFKA_SASL_MECHANISM=${mechanism} is not supported by the probe`);
  return { username, password: process.env.KAFKA_SASL_PASSWORD || '', mechanism };
}

/**
 * SaslHandshake (v1) and two SaslAuthenticate (v0) round trips of SCRAM (RFC 5802): client-first, then the
 * proof computed from the server's salt and iteration count; the server's signature is checked too.
 */
async function authenticate(conn, sasl) {
  const [name, hash, keyLength] = SCRAM_HASHES[sasl.mechanism];
  const hs = await conn.request(17, 1, 3, kafkaString(name));
  const hsErr = hs.readInt16BE(4);
  if (hsErr !== 0) throw new Error(`SaslHandshake: error code ${hsErr} (broker without ${name}?)`);
  const authenticateStep = async (correlationId, message) => {
    const res = await conn.request(36, 0, correlationId, kafkaBytes(Buffer.from(message, 'utf8')));
    const err = res.readInt16BE(4);
    let at = 6;
    const msgLen = res.readInt16BE(at);
    at += 2;
    const errMsg = msgLen >= 0 ? res.subarray(at, at + msgLen).toString('utf8') : '';
    if (msgLen > 0) at += msgLen;
    if (err !== 0) throw new Error(`SaslAuthenticate: error code ${err}${errMsg ? ` (${errMsg})` : ''}`);
    const bytesLen = res.readInt32BE(at);
    return res.subarray(at + 4, at + 4 + bytesLen).toString('utf8');
  };
  const user = sasl.username.replace(/=/g, '=3D').replace(/,/g, '=2C');
  const clientNonce = randomBytes(18).toString('base64');
  const clientFirstBare = `n=${user},r=${clientNonce}`;
  const serverFirst = await authenticateStep(4, `n,,${clientFirstBare}`);
  const fields = Object.fromEntries(serverFirst.split(',').map((part) => [part[0], part.slice(2)]));
  if (!fields.r?.startsWith(clientNonce) || !fields.s || !fields.i) throw new Error('SCRAM: unexpected server-first message');
  const salted = pbkdf2Sync(sasl.password, Buffer.from(fields.s, 'base64'), Number(fields.i), keyLength, hash);
  const hmac = (key, text) => createHmac(hash, key).update(text).digest();
  const clientKey = hmac(salted, 'Client Key');
  const storedKey = createHash(hash).update(clientKey).digest();
  const withoutProof = `c=biws,r=${fields.r}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(storedKey, authMessage);
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i])).toString('base64');
  const serverFinal = await authenticateStep(5, `${withoutProof},p=${proof}`);
  const expected = hmac(hmac(salted, 'Server Key'), authMessage).toString('base64');
  if (serverFinal !== `v=${expected}`) throw new Error('SCRAM: the broker did not prove it knows the credentials');
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
async function warmOnce(host, port, sasl) {
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
    if (sasl) await authenticate(conn, sasl);
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
  const sasl = saslSettings();
  const deadline = Date.now() + opts.timeoutS * 1000;
  let lastErr;
  for (;;) {
    try {
      const r = await probeOnce(host, port, sasl);
      if (opts.warm) await warmOnce(host, port, sasl);
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
