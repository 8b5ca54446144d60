/**
 * Spaces a `batched` consumer's fetches (FetchPacing) at least `intervalMs` apart. kafkajs fetches again only once
 * every batch of the previous fetch is handled, so a batch whose handling ends no sooner than `intervalMs` after its
 * fetch started makes the next fetch bring together what arrived meanwhile. A fetch that waited on the broker that
 * long already (a quiet topic) is not held: a lone event is handled as soon as it is fetched, and an idle consumer
 * asks the broker no more often than an `at_once` one.
 */
export class FetchPacer {
  private fetchStartedAt = 0;

  constructor(private readonly intervalMs: number) {}

  /** To be called on the consumer's FETCH_START. */
  fetchStarted(): void {
    this.fetchStartedAt = Date.now();
  }

  /** Awaited at the end of each batch's handling, after its offsets are resolved. */
  async paced(): Promise<void> {
    const wait = this.fetchStartedAt + this.intervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
