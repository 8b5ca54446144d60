/** What to log for one rejection: it, with how many identical ones went unlogged before it, or nothing. */
export type RejectionVerdict = { log: true; repeated: number } | { log: false };

/** An identical rejection whose interval ended with some left unlogged: to be logged once, with the count. */
export interface RepeatedRejectionSummary<TContext> {
  context: TContext;
  repeated: number;
}

interface Entry<TContext> {
  since: number;
  suppressed: number;
  context: TContext;
}

/** Beyond this many distinct keys in one interval, further ones are logged as they come (never dropped). */
const MAX_TRACKED = 10_000;

/**
 * Identical rejections (the caller chooses the key: code, reason and client address) are logged once per
 * interval: the first one as it happens; the ones after it only counted. The count is reported on the
 * next identical rejection after the interval, or by `expiredSummaries` once the interval has ended, so a
 * flood of invalid tokens writes a line or two a minute per address and reason, not one per request.
 */
export class RepeatedRejections<TContext> {
  private readonly entries = new Map<string, Entry<TContext>>();
  private sweptAt: number;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sweptAt = now();
  }

  admit(key: string, context: TContext): RejectionVerdict {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.since < this.intervalMs) {
      entry.suppressed += 1;
      return { log: false };
    }
    const repeated = entry?.suppressed ?? 0;
    this.entries.delete(key);
    if (this.entries.size < MAX_TRACKED) this.entries.set(key, { since: now, suppressed: 0, context });
    return { log: true, repeated };
  }

  /**
   * At most once per interval: forgets every key whose interval has ended and answers those that had
   * unlogged repeats, with their count.
   */
  expiredSummaries(): RepeatedRejectionSummary<TContext>[] {
    const now = this.now();
    if (now - this.sweptAt < this.intervalMs) return [];
    this.sweptAt = now;
    const summaries: RepeatedRejectionSummary<TContext>[] = [];
    for (const [key, entry] of this.entries) {
      if (now - entry.since < this.intervalMs) continue;
      if (entry.suppressed > 0) summaries.push({ context: entry.context, repeated: entry.suppressed });
      this.entries.delete(key);
    }
    return summaries;
  }
}
