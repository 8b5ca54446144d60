import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { RequestOutcome } from './recommendation-request.repository';
import { VersionedRecommendation } from './recommendation-versions';

interface Waiting {
  requestId: string;
  stored: VersionedRecommendation;
  resolve(outcome: RequestOutcome | undefined): void;
  timer: NodeJS.Timeout;
}

export interface PendingReply {
  /** The recommender's answer, or undefined when none came within the timeout. */
  outcome: Promise<RequestOutcome | undefined>;
  cancel(): void;
}

/**
 * Correlates the recommender's answers with the HTTP requests waiting for them in this process, by
 * recommendation id. Answers arrive on this instance's own reply consumer (InstanceReplyListener) and on the
 * service's durable consumer group; whichever comes first settles the request. It keeps the record as the request
 * stored it, so the answer is recorded on it without reading it again.
 */
@Injectable()
export class ReplyWaiter implements OnApplicationShutdown {
  private readonly waiting = new Map<string, Waiting>();
  /** How many waiting requests carry each request id (a caller may reuse one). */
  private readonly requestIds = new Map<string, number>();

  expect(recommendationId: string, requestId: string, stored: VersionedRecommendation, timeoutMs: number): PendingReply {
    let settle!: (outcome: RequestOutcome | undefined) => void;
    const outcome = new Promise<RequestOutcome | undefined>((resolve) => (settle = resolve));
    const finish = (value: RequestOutcome | undefined) => {
      const entry = this.waiting.get(recommendationId);
      if (!entry) return;
      clearTimeout(entry.timer);
      this.waiting.delete(recommendationId);
      const remaining = (this.requestIds.get(entry.requestId) ?? 1) - 1;
      if (remaining > 0) this.requestIds.set(entry.requestId, remaining);
      else this.requestIds.delete(entry.requestId);
      settle(value);
    };
    this.requestIds.set(requestId, (this.requestIds.get(requestId) ?? 0) + 1);
    this.waiting.set(recommendationId, { requestId, stored, resolve: finish, timer: setTimeout(() => finish(undefined), timeoutMs) });
    return { outcome, cancel: () => finish(undefined) };
  }

  deliver(recommendationId: string, outcome: RequestOutcome): void {
    this.waiting.get(recommendationId)?.resolve(outcome);
  }

  /** The record as the request waiting here stored it (RecommendationVersions' `known`), if one waits. */
  storedFor(recommendationId: string): VersionedRecommendation | undefined {
    return this.waiting.get(recommendationId)?.stored;
  }

  /** Whether an answer carrying this request id may be for a request waiting here: read before parsing it. */
  awaitsRequest(requestId: string): boolean {
    return this.requestIds.has(requestId);
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  onApplicationShutdown(): void {
    for (const entry of [...this.waiting.values()]) entry.resolve(undefined);
  }
}
