/**
 * kafkajs's request queue as patched (patches/kafkajs+2.2.4.patch): a request in flight times out at its deadline,
 * checked by one timer for the earliest deadline, and a connection with nothing in flight sets no timer at all.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const RequestQueue = require('kafkajs/src/network/requestQueue');
const { KafkaJSRequestTimeoutError } = require('kafkajs/src/errors');

const DEFAULT_TIMEOUT_MS = 30_000;

interface Sent {
  settled: () => 'pending' | 'answered' | Error;
}

function connectedQueue(isConnected: () => boolean = () => true) {
  const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const queue = new RequestQueue({
    maxInFlightRequests: null,
    requestTimeout: DEFAULT_TIMEOUT_MS,
    enforceRequestTimeout: true,
    clientId: 'client',
    broker: '127.0.0.1:9092',
    logger: silent,
    isConnected,
  });
  queue.scheduleRequestTimeoutCheck(); // what the connection does once its socket is connected
  let correlationId = 0;
  return {
    queue,
    send(requestTimeout?: number, { rejectThrows = false } = {}): Sent & { correlationId: number } {
      correlationId += 1;
      let state: 'pending' | 'answered' | Error = 'pending';
      queue.push({
        entry: {
          correlationId,
          apiKey: 1,
          apiName: 'Fetch',
          apiVersion: 11,
          resolve: () => (state = 'answered'),
          reject: (error: Error) => {
            state = error;
            if (rejectThrows) throw new Error('a rejection handler that throws');
          },
        },
        expectResponse: true,
        sendRequest: () => undefined,
        requestTimeout,
      });
      return { correlationId, settled: () => state };
    },
  };
}

describe('kafkajs request timeouts (patched request queue)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('sets no timer on a connected socket with nothing in flight', () => {
    connectedQueue();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('times a request out once more than its timeout has passed since it was sent, not later', () => {
    const { send } = connectedQueue();
    const request = send();
    jest.advanceTimersByTime(DEFAULT_TIMEOUT_MS);
    expect(request.settled()).toBe('pending');
    jest.advanceTimersByTime(1);
    expect(request.settled()).toBeInstanceOf(KafkaJSRequestTimeoutError);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('times out a request sent later with an earlier deadline at its own deadline', () => {
    const { send } = connectedQueue();
    const longFetch = send(31_000);
    jest.advanceTimersByTime(500);
    const heartbeat = send();
    jest.advanceTimersByTime(30_001); // 30,501 ms after the fetch: the heartbeat's deadline (500 + 30,000) has passed
    expect(heartbeat.settled()).toBeInstanceOf(KafkaJSRequestTimeoutError);
    expect(longFetch.settled()).toBe('pending');
    jest.advanceTimersByTime(500); // 31,001 ms after the fetch
    expect(longFetch.settled()).toBeInstanceOf(KafkaJSRequestTimeoutError);
  });

  it('leaves no timer behind once the answered requests would have been due', () => {
    const { queue, send } = connectedQueue();
    const request = send();
    jest.advanceTimersByTime(1_000);
    queue.fulfillRequest({ correlationId: request.correlationId, payload: Buffer.alloc(0), size: 0 });
    expect(request.settled()).toBe('answered');
    jest.advanceTimersByTime(DEFAULT_TIMEOUT_MS);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('checks a deadline past the longest delay a timer takes at that delay, not every millisecond', () => {
    const { send } = connectedQueue();
    const timers = jest.spyOn(global, 'setTimeout');
    const request = send(2 ** 31 + 10_000);
    jest.advanceTimersByTime(1_000);
    expect(request.settled()).toBe('pending');
    // Node fires a timer set for longer than 2^31 - 1 ms after 1 ms
    expect(Math.max(...timers.mock.calls.map(([, delay]) => delay ?? 0))).toBeLessThanOrEqual(2 ** 31 - 1);
    expect(timers).toHaveBeenCalledTimes(1);
  });

  it("still times out the other requests when a timed-out request's handler throws", () => {
    const { send } = connectedQueue();
    const throwing = send(undefined, { rejectThrows: true });
    jest.advanceTimersByTime(10);
    const other = send();
    expect(() => jest.advanceTimersByTime(DEFAULT_TIMEOUT_MS - 9)).toThrow('a rejection handler that throws');
    expect(throwing.settled()).toBeInstanceOf(KafkaJSRequestTimeoutError);
    expect(other.settled()).toBe('pending');
    jest.advanceTimersByTime(10); // past the other's deadline, 10 ms after the first's
    expect(other.settled()).toBeInstanceOf(KafkaJSRequestTimeoutError);
  });

  it('stops checking once the connection is closed', () => {
    let connected = true;
    const { send } = connectedQueue(() => connected);
    send();
    connected = false;
    jest.advanceTimersByTime(DEFAULT_TIMEOUT_MS + 1);
    send();
    expect(jest.getTimerCount()).toBe(0);
  });
});
