import { getOrCreate } from '@followup/config';

/** What a batch's message must have to be handled by key: its key and its offset. */
export interface KeyedMessage {
  key: Buffer | null;
  offset: string;
}

export interface KeyLanesOutcome {
  /** The last offset such that it and every message before it in the batch were handled: what may be committed. */
  handledUpTo?: string;
  /** The first failure, if one happened: no message was started after it. */
  failed?: { error: unknown };
}

/**
 * Handles a partition's batch the way its keys allow: the messages of one key one after another in offset order
 * (one lead's events stay ordered, as the topics are keyed by lead), different keys side by side, at most
 * `concurrency` of them at a time. Stops starting messages once one failed or `proceed` says no (the consumer
 * stops, or a rebalance sought the partition elsewhere). The caller commits only up to `handledUpTo`, so whatever
 * comes after a gap is delivered again; every handler takes a message twice without harm.
 */
export async function handleByKey<M extends KeyedMessage>(
  messages: readonly M[],
  handle: (message: M) => Promise<void>,
  proceed: () => boolean,
  concurrency: number,
): Promise<KeyLanesOutcome> {
  const lanes = new Map<string | null, M[]>();
  for (const message of messages) getOrCreate(lanes, message.key?.toString('latin1') ?? null, () => []).push(message);
  const waiting = [...lanes.values()];
  const handled = new Set<string>();
  let failed: { error: unknown } | undefined;

  const work = async () => {
    for (let lane = waiting.shift(); lane !== undefined; lane = waiting.shift()) {
      for (const message of lane) {
        if (failed !== undefined || !proceed()) return;
        try {
          await handle(message);
        } catch (error) {
          failed ??= { error };
          return;
        }
        handled.add(message.offset);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, waiting.length) }, work));

  let handledUpTo: string | undefined;
  for (const { offset } of messages) {
    if (!handled.has(offset)) break;
    handledUpTo = offset;
  }
  return { handledUpTo, failed };
}
