import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Environment } from '@followup/config';
import type { NewRecommendationRequest, RequestOutcome } from './recommendation-request.repository';
import { VersionedRecommendation } from './recommendation-versions';

/** A request published and not stored yet: what its record is made of, and the text of its event as published. */
export interface HeldRequest {
  request: NewRecommendationRequest;
  json: string;
}

/** What a waiting request holds: the record as it stored it, or, published before it was stored, what to store. */
export type Holding = { stored: VersionedRecommendation } | { held: HeldRequest };

/**
 * How often a waiting request looks at its stored record, and how long one published before it was stored waits for
 * its answer, to be stored once with it, before it is stored as pending: half the outbox relay's interval.
 */
export function recordLookIntervalMs(environment: Pick<Environment, 'OUTBOX_RELAY_INTERVAL_MS'>): number {
  return environment.OUTBOX_RELAY_INTERVAL_MS / 2;
}

interface Waiting {
  requestId: string;
  stored?: VersionedRecommendation;
  held?: HeldRequest;
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
 * stored it, so the answer is recorded on it without reading it again, or, for a request not stored yet, what the
 * answer stores.
 */
@Injectable()
export class ReplyWaiter implements OnApplicationShutdown {
  private readonly waiting = new Map<string, Waiting>();
  /** How many waiting requests carry each request id (a caller may reuse one). */
  private readonly requestIds = new Map<string, number>();

  expect(recommendationId: string, requestId: string, holding: Holding, timeoutMs: number): PendingReply {
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
    this.waiting.set(recommendationId, { requestId, ...holding, resolve: finish, timer: setTimeout(() => finish(undefined), timeoutMs) });
    return { outcome, cancel: () => finish(undefined) };
  }

  deliver(recommendationId: string, outcome: RequestOutcome): void {
    this.waiting.get(recommendationId)?.resolve(outcome);
  }

  /** The record as the request waiting here stored it (RecommendationVersions' `known`), if one waits. */
  storedFor(recommendationId: string): VersionedRecommendation | undefined {
    return this.waiting.get(recommendationId)?.stored;
  }

  /** The request waiting here published and not stored yet, if one does: its answer stores it. */
  heldFor(recommendationId: string): HeldRequest | undefined {
    return this.waiting.get(recommendationId)?.held;
  }

  /** The waiting request is stored now, as `record`. */
  markStored(recommendationId: string, record: VersionedRecommendation): void {
    const entry = this.waiting.get(recommendationId);
    if (!entry) return;
    entry.stored = record;
    entry.held = undefined;
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
