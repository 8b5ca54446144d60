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
