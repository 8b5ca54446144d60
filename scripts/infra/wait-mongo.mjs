#!/usr/bin/env node
// Readiness probe for a MongoDB wire-protocol server (FerretDB, MongoDB), using only Node built-ins.
//
// Sends an OP_MSG `{ ping: 1, $db: "admin" }` over raw TCP and succeeds only when the
// reply is an OP_MSG whose document has ok == 1. Exit code 0 = ready, 1 = not ready.
// (No TLS / auth support: meant for the local, unauthenticated dev server.)
//
// Usage:
//   node scripts/infra/wait-mongo.mjs [host:port | mongodb://host:port/...] [--timeout <seconds>] [--quiet]
//
// Target defaults to $MONGO_URL, else 127.0.0.1:$MONGO_PORT (27017).
// --timeout 0 (default) makes a single attempt; otherwise it retries until the timeout.
import net from 'node:net';

const ATTEMPT_TIMEOUT_MS = 3000;
const OP_MSG = 2013;

function parseArgs(argv) {
  const opts = { target: undefined, timeoutS: 0, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--timeout') opts.timeoutS = Number(argv[++i]);
    else if (a.startsWith('--timeout=')) opts.timeoutS = Number(a.slice('--timeout='.length));
    else if (a === '--quiet' || a === '-q') opts.quiet = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: wait-mongo.mjs [host:port|mongodb://host:port] [--timeout <seconds>] [--quiet]');
      process.exit(0);
    } else opts.target = a;
  }
  if (!opts.target) opts.target = process.env.MONGO_URL || `127.0.0.1:${process.env.MONGO_PORT || 27017}`;
  if (!Number.isFinite(opts.timeoutS) || opts.timeoutS < 0) opts.timeoutS = 0;
  return opts;
}

function splitHostPort(target) {
  let t = target.replace(/^mongodb(\+srv)?:\/\//i, '');
  t = t.replace(/^[^@/]*@/, ''); // credentials
  t = t.split(/[/?]/)[0].split(',')[0]; // first host only
  const m = /^\[(.*)\](?::(\d+))?$/.exec(t);
  if (m) return { host: m[1], port: Number(m[2] || 27017) };
  const idx = t.lastIndexOf(':');
  if (idx < 0) return { host: t, port: 27017 };
  return { host: t.slice(0, idx), port: Number(t.slice(idx + 1)) };
}

function cstring(s) {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

/** BSON for { ping: 1, $db: "admin" }. */
function pingDoc() {
  const int32 = (n) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n, 0);
    return b;
  };
  const db = cstring('admin');
  const elems = Buffer.concat([Buffer.from([0x10]), cstring('ping'), int32(1), Buffer.from([0x02]), cstring('$db'), int32(db.length), db]);
  return Buffer.concat([int32(4 + elems.length + 1), elems, Buffer.from([0])]);
}

function opMsg(requestId, doc) {
  const header = Buffer.alloc(16);
  const flags = Buffer.alloc(4); // flagBits = 0
  const body = Buffer.concat([flags, Buffer.from([0]) /* section kind 0 */, doc]);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([header, body]);
}

/** Reads the top-level fields of a BSON document we care about (ok, errmsg). */
function readTopLevel(doc) {
  const out = {};
  const end = doc.readInt32LE(0) - 1;
  let p = 4;
  while (p < end) {
    const type = doc[p++];
    const nameEnd = doc.indexOf(0, p);
    const name = doc.toString('utf8', p, nameEnd);
    p = nameEnd + 1;
    let size;
    switch (type) {
      case 0x01:
        out[name] = doc.readDoubleLE(p);
        size = 8;
        break; // double
      case 0x02: // string
        out[name] = doc.toString('utf8', p + 4, p + 4 + doc.readInt32LE(p) - 1);
        size = 4 + doc.readInt32LE(p);
        break;
      case 0x03:
      case 0x04:
        size = doc.readInt32LE(p);
        break; // document, array
      case 0x05:
        size = 4 + 1 + doc.readInt32LE(p);
        break; // binary
      case 0x07:
        size = 12;
        break; // ObjectId
      case 0x08:
        out[name] = doc[p] === 1;
        size = 1;
        break; // bool
      case 0x09:
      case 0x11:
        size = 8;
        break; // datetime, timestamp
      case 0x0a:
        out[name] = null;
        size = 0;
        break; // null
      case 0x10:
        out[name] = doc.readInt32LE(p);
        size = 4;
        break; // int32
      case 0x12:
        out[name] = Number(doc.readBigInt64LE(p));
        size = 8;
        break; // int64
      case 0x13:
        size = 16;
        break; // decimal128
      default:
        throw new Error(`unsupported BSON type 0x${type.toString(16)} in reply`);
    }
    p += size;
  }
  return out;
}

function probeOnce(host, port) {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection({ host, port });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('timed out waiting for reply'));
    }, ATTEMPT_TIMEOUT_MS);
    const done = (err, val) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(val);
    };
    sock.once('connect', () => sock.write(opMsg(1, pingDoc())));
    sock.on('error', (err) => done(err));
    sock.on('close', () => done(new Error('connection closed by server')));
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 16) return;
      const len = buf.readInt32LE(0);
      if (buf.length < len) return;
      try {
        if (buf.readInt32LE(8) !== 1) throw new Error('responseTo mismatch');
        const opCode = buf.readInt32LE(12);
        if (opCode !== OP_MSG) throw new Error(`unexpected reply opCode ${opCode}`);
        if (buf[20] !== 0) throw new Error(`unexpected section kind ${buf[20]}`);
        const fields = readTopLevel(buf.subarray(21, len));
        if (Number(fields.ok) !== 1) throw new Error(`ping failed: ${fields.errmsg || JSON.stringify(fields)}`);
        done(null, fields);
      } catch (err) {
        done(err);
      }
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { host, port } = splitHostPort(opts.target);
  const deadline = Date.now() + opts.timeoutS * 1000;
  let lastErr;
  for (;;) {
    try {
      await probeOnce(host, port);
      if (!opts.quiet) console.log(`mongo ${host}:${port} ready (ping ok)`);
      return 0;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(500);
  }
  if (!opts.quiet) console.error(`mongo ${host}:${port} not ready: ${lastErr && lastErr.message}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
