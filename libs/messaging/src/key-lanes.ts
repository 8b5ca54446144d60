import { getOrCreate } from '@followup/config';

/** What a batch's message must have to be handled by key: its key and its offset. */
export interface KeyedMessage {
  key: Buffer | null;
  offset: string;
}

export interface KeyLanes<M extends KeyedMessage> {
  handle(message: M): Promise<void>;
  /**
   * Told each time the run of messages handled without a gap from the batch's start grows, with its last offset:
   * what may be committed.
   */
  handledUpTo(offset: string): void;
  /** Runs after each message handled (kafkajs's heartbeat); its failure stops the batch as a handler's does. */
  afterEach(): Promise<void>;
  /** False once the batch should not go on (the consumer stops, or a rebalance sought the partition elsewhere). */
  proceed(): boolean;
}

/**
 * Handles a partition's batch the way its keys allow: the messages of one key one after another in offset order
 * (one lead's events stay ordered, as the topics are keyed by lead), different keys side by side, at most
 * `concurrency` of them at a time. Stops starting messages once one failed or `proceed` says no. Whatever comes
 * after a gap is not reported handled, so it is delivered again; every handler takes a message twice without harm.
 * Answers the first failure, if one happened.
 */
export async function handleByKey<M extends KeyedMessage>(
  messages: readonly M[],
  lanes: KeyLanes<M>,
  concurrency: number,
): Promise<{ failed?: { error: unknown } }> {
  const byKey = new Map<string | null, M[]>();
  for (const message of messages) getOrCreate(byKey, message.key?.toString('latin1') ?? null, () => []).push(message);
  const waiting = [...byKey.values()];
  const handled = new Set<string>();
  let gapAt = 0;
  let failed: { error: unknown } | undefined;

  const markHandled = (offset: string) => {
    handled.add(offset);
    const before = gapAt;
    while (gapAt < messages.length && handled.has(messages[gapAt].offset)) gapAt += 1;
    if (gapAt > before) lanes.handledUpTo(messages[gapAt - 1].offset);
  };
  const work = async () => {
    for (let lane = waiting.shift(); lane !== undefined; lane = waiting.shift()) {
      for (const message of lane) {
        if (failed !== undefined || !lanes.proceed()) return;
        try {
          await lanes.handle(message);
          markHandled(message.offset);
          await lanes.afterEach();
        } catch (error) {
          failed ??= { error };
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, waiting.length) }, work));
  return { failed };
}
