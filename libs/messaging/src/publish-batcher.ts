/** One message as it goes to the broker: value already encoded. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

interface Waiting {
  message: OutgoingMessage;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Merges the messages handed to it within one turn of the event loop into one call of `sendBatch` (one
 * produce request per broker instead of one per message). Each caller's promise settles with the batch its
 * message went in: resolved once the broker acknowledged the batch, rejected if it did not.
 */
export class PublishBatcher {
  private waiting: Waiting[] = [];

  constructor(private readonly sendBatch: (messages: OutgoingMessage[]) => Promise<void>) {}

  send(message: OutgoingMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ message, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      await this.sendBatch(batch.map((waiting) => waiting.message));
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
