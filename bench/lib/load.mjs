// Load generators shared by the benchmarks.
//
// - `maxThroughput(...)`: autocannon, closed loop (each connection sends its next request when the previous
//   answered), for the max-throughput levels of HTTP targets.
// - `paced(...)`: open loop at a fixed rate: request i is due at start + i/rate whatever the earlier ones
//   are doing, and its latency counts from when it was due, so a stall shows up in the percentiles instead
//   of silently lowering the rate (no coordinated omission). autocannon's `overallRate` is not used for this:
//   it is a per-second budget per connection (lib/httpClient.js resets `reqsMadeThisSecond` every 1000 ms),
//   so it sends each second's requests back to back at the start of the second, and its latencies are
//   integer milliseconds, too coarse for the sub-millisecond bare endpoint.
// - `closedLoop(...)`: the same closed loop as autocannon for any async operation (the raw Kafka round trip).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The middle of an unsorted array of numbers (of an even count, the upper of the two middle ones). */
export function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** p in [0, 100] of an unsorted array of numbers (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

function summarize({ latencies, ok, errors, non2xx, elapsedMs, statusCodes, extra = {} }) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    ok,
    errors,
    non2xx,
    statusCodes,
    elapsedMs,
    rps: (ok * 1000) / elapsedMs,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : undefined,
    ...extra,
  };
}

/**
 * An operation the generic drivers can call: resolves `{ status }` (2xx counts as success) or rejects
 * (a transport error or timeout).
 */
export function httpOperation({ url, method = 'GET', headers = {}, bodies = [undefined], timeoutMs = 10_000, maxSockets = 256 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const target = new URL(url);
  const encoded = bodies.map((body) => (body === undefined ? undefined : Buffer.from(JSON.stringify(body))));
  let next = 0;
  const operation = () =>
    new Promise((resolve, reject) => {
      const body = encoded[next++ % encoded.length];
      const request = http.request(
        {
          agent,
          hostname: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method,
          headers: body ? { ...headers, 'content-type': 'application/json', 'content-length': body.length } : headers,
          timeout: timeoutMs,
        },
        (response) => {
          response.on('data', () => undefined);
          response.on('end', () => resolve({ status: response.statusCode }));
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', reject);
      request.end(body);
    });
  operation.close = () => agent.destroy();
  return operation;
}

/**
 * Every request counts in the latency figures, whatever its answer: a non-2xx answer with its time, a
 * transport error or timeout with the time until it failed. Only 2xx answers count as throughput.
 */
async function measured(operation, startedAt, tally) {
  try {
    const { status } = await operation();
    tally.latencies.push(performance.now() - startedAt);
    tally.statusCodes[status] = (tally.statusCodes[status] ?? 0) + 1;
    if (status >= 200 && status < 300) tally.ok += 1;
    else tally.non2xx += 1;
  } catch {
    tally.latencies.push(performance.now() - startedAt);
    tally.errors += 1;
  }
}

const newTally = () => ({ latencies: [], ok: 0, errors: 0, non2xx: 0, statusCodes: {} });

/** Open loop at `rate` operations per second for `durationMs`; latency counts from each operation's due time. */
export async function paced({ rate, durationMs, operation, maxInFlight = 512 }) {
  const tally = newTally();
  const interval = 1000 / rate;
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const inFlight = new Set();
  let dropped = 0;
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0.5) await sleep(wait);
    if (inFlight.size >= maxInFlight) {
      // never sent: a failure with no finite latency, so enough of them make the percentile infinite
      dropped += 1;
      tally.errors += 1;
      tally.latencies.push(Infinity);
      continue;
    }
    const promise = measured(operation, due, tally).finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  }
  await Promise.all(inFlight);
  const elapsedMs = Math.max(durationMs, performance.now() - started);
  return summarize({ ...tally, elapsedMs, extra: { dropped } });
}

/** `concurrency` workers, each starting its next operation when the previous one settled, for `durationMs`. */
export async function closedLoop({ concurrency, durationMs, operation }) {
  const tally = newTally();
  const started = performance.now();
  const end = started + durationMs;
  const worker = async () => {
    while (performance.now() < end) await measured(operation, performance.now(), tally);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarize({ ...tally, elapsedMs: performance.now() - started });
}

/**
 * autocannon, closed loop with `connections` connections, for `durationSeconds` or until `amount` requests were sent
 * (each answered, failed or timed out: the summary's `ok` says how many were answered 2xx); latencies collected
 * unrounded from its events.
 */
export function maxThroughput({ url, method = 'GET', headers = {}, bodies, connections, durationSeconds, amount }) {
  const tally = newTally();
  const requests = bodies ? bodies.map((body) => ({ method, headers, body: JSON.stringify(body) })) : undefined;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method,
        headers: bodies ? { ...headers, 'content-type': 'application/json' } : headers,
        requests,
        connections,
        ...(amount === undefined ? { duration: durationSeconds } : { amount }),
        timeout: 10,
      },
      (error, result) => {
        if (error) return reject(error);
        tally.errors = result.errors + result.timeouts;
        // autocannon reports no time for a request that failed; a timeout took at least the timeout
        for (let i = 0; i < result.timeouts; i += 1) tally.latencies.push(10_000);
        resolve(
          summarize({
            ...tally,
            elapsedMs: result.duration * 1000,
            extra: { timeouts: result.timeouts, autocannonP99: result.latency.p99 },
          }),
        );
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      tally.statusCodes[statusCode] = (tally.statusCodes[statusCode] ?? 0) + 1;
      tally.latencies.push(responseTime);
      if (statusCode >= 200 && statusCode < 300) tally.ok += 1;
      else tally.non2xx += 1;
    });
  });
}
