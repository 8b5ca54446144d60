import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Serialises this process's writes, and read-decide-write sequences, on one recommendation record. The
 * writes are compare-and-set updates, which MongoDB applies atomically; FerretDB v1 (tests, local runs)
 * implements an update as a read followed by a whole-document write, so two concurrent updates of one
 * document can lose one of them. Re-entrant: a sequence holding the lock may call writes that take it too.
 */
@Injectable()
export class RecommendationLocks {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>();

  async run<T>(recommendationId: string, work: () => Promise<T>): Promise<T> {
    const holding = this.held.getStore();
    if (holding?.has(recommendationId)) return work();
    const previous = this.tails.get(recommendationId) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(() => this.held.run(new Set([...(holding ?? []), recommendationId]), work));
    this.tails.set(recommendationId, current);
    try {
      return await current;
    } finally {
      if (this.tails.get(recommendationId) === current) this.tails.delete(recommendationId);
    }
  }
}
