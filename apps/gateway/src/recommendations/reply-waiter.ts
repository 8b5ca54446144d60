import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { RequestOutcome } from './recommendation-request.repository';

interface Waiting {
  resolve(outcome: RequestOutcome | undefined): void;
  timer: NodeJS.Timeout;
}

export interface PendingReply {
  /** The recommender's answer, or undefined when none came within the timeout. */
  outcome: Promise<RequestOutcome | undefined>;
  cancel(): void;
}

/**
 * Correlates the recommender's answers, arriving on the gateway's Kafka consumer, with the HTTP requests
 * waiting for them in this process, by recommendation id.
 */
@Injectable()
export class ReplyWaiter implements OnApplicationShutdown {
  private readonly waiting = new Map<string, Waiting>();

  expect(recommendationId: string, timeoutMs: number): PendingReply {
    let settle!: (outcome: RequestOutcome | undefined) => void;
    const outcome = new Promise<RequestOutcome | undefined>((resolve) => (settle = resolve));
    const finish = (value: RequestOutcome | undefined) => {
      const entry = this.waiting.get(recommendationId);
      if (!entry) return;
      clearTimeout(entry.timer);
      this.waiting.delete(recommendationId);
      settle(value);
    };
    this.waiting.set(recommendationId, { resolve: finish, timer: setTimeout(() => finish(undefined), timeoutMs) });
    return { outcome, cancel: () => finish(undefined) };
  }

  deliver(recommendationId: string, outcome: RequestOutcome): void {
    this.waiting.get(recommendationId)?.resolve(outcome);
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  onApplicationShutdown(): void {
    for (const entry of [...this.waiting.values()]) entry.resolve(undefined);
  }
}
