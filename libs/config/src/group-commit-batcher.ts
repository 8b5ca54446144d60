interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Merges items into calls of `flush` as a database's group commit does (the publisher's messages into one
 * `sendBatch`, a fetch's partition batches into one write, concurrent inserts into one `insertMany`): the items
 * handed over within one turn of the event loop go in one call, and while a call is under way the items handed over
 * meanwhile wait for it and then go together in the next. Alone, an item goes out on the next turn; under load, one call is in flight at a time and each carries what
 * arrived during the last, so concurrent handlers share requests without a fixed delay. Calls never overlap, so items
 * go out in the order they were handed over. Each caller's promise settles with the call its item went in: resolved
 * once it succeeded, rejected if it failed.
 */
export class GroupCommitBatcher<T> {
  private waiting: Waiting<T>[] = [];
  private flushing = false;

  constructor(private readonly flush: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length === 1 && !this.flushing) setImmediate(() => void this.flushWaiting());
    });
  }

  private async flushWaiting(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    this.flushing = true;
    try {
      await this.flush(batch.map((waiting) => waiting.item));
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.flushing = false;
      if (this.waiting.length > 0) void this.flushWaiting();
    }
  }
}
