interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Merges the items handed to it within one turn of the event loop into one call of `flush` (the publisher's
 * messages into one `sendBatch`, a fetch's partition batches into one write). Each caller's promise settles
 * with the call its item went in: resolved once it succeeded, rejected if it failed.
 */
export class SameTickBatcher<T> {
  private waiting: Waiting<T>[] = [];

  constructor(private readonly flush: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => void this.flushWaiting());
    });
  }

  private async flushWaiting(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      await this.flush(batch.map((waiting) => waiting.item));
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
