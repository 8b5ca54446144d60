import type { Consumer } from 'kafkajs';
import { within } from '@followup/config';

/**
 * How long a stop waits for a consumer's start under way. With the broker away kafkajs goes on retrying the connection,
 * whatever the disconnect, for about 40 s (kafkaClientConfig's retries), longer than a process is given to stop.
 */
export const STOP_WAITS_FOR_START_MS = 5_000;

/**
 * Stops a consumer whose start may be under way: lets the start finish first (up to STOP_WAITS_FOR_START_MS), then
 * disconnects whatever consumer is left. kafkajs disconnected while it joins the group drops the runner it is starting
 * without stopping it (tulios/kafkajs#1639): the join goes on over new connections, and the member consumes and stays
 * in its group, holding every rebalance of it for a session, with nothing left to stop it. So `starting` must be the
 * start loop that, once its consumer has started and it finds itself stopped, disconnects that consumer itself.
 */
export async function stopOnceStarted(starting: Promise<unknown>, current: () => Pick<Consumer, 'disconnect'> | undefined): Promise<void> {
  await within(starting, STOP_WAITS_FOR_START_MS, () => undefined);
  await current()?.disconnect();
}

/**
 * A consumer's stop, begun in Nest's `beforeApplicationShutdown` and awaited in `onApplicationShutdown`. Nest runs a
 * phase's hooks one module after another, and a consumer stops only once its fetch in flight returns (up to
 * CONSUMER_FETCH_WAIT_MS): stopped in `onApplicationShutdown`, a service's consumers took that wait one after another
 * (about a second each, three seconds for most services); begun together they take it once. Only for consumers no HTTP
 * request waits on, since the HTTP server closes between the two phases: a durable group's unhandled events are
 * redelivered, and a closing view stops answering, so its readers read its collection meanwhile.
 */
export class ShutdownStop {
  private stopping?: Promise<void>;

  constructor(private readonly stop: () => Promise<void>) {}

  /** Starts the stop and returns at once; its failure is reported by `finish`. */
  begin(): void {
    if (this.stopping) return;
    this.stopping = this.stop();
    this.stopping.catch(() => undefined);
  }

  /** The stop begun by `begin` (or begun now, when Nest skipped the first phase), settled. */
  finish(): Promise<void> {
    this.begin();
    return this.stopping as Promise<void>;
  }
}
