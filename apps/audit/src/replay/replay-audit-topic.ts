import { randomUUID } from 'node:crypto';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { describeProgress, PartitionRange, ReplayProgress } from './replay-progress';
import { countByTenant, OfferOutcome, ReplayCollector, ReplayedRecord, ReplayFilter, ReplayMessage } from './replay-selection';

export interface ReplayOptions {
  /** The client settings (brokers, credentials); the replay reads with the admin (tools) principal. */
  client: KafkaConfig;
  /** The audit topic, with the deployment's prefix. */
  topic: string;
  /** Namespaces the replay's throwaway consumer group like every other group of the deployment. */
  groupPrefix: string;
  filter: ReplayFilter;
  /** Progress line every this many messages (and at the end). */
  progressEvery?: number;
  onProgress?: (line: string) => void;
  /** Stop waiting when no message arrives for this long (a partition whose end offset is never delivered). */
  idleTimeoutMs?: number;
}

export interface ReplayResult {
  records: ReplayedRecord[];
  ranges: PartitionRange[];
  read: number;
  counts: Record<OfferOutcome, number>;
  byTenant: Record<string, number>;
  complete: boolean;
}

/**
 * Reads the audit topic from the offsets at the window's start time (`fetchTopicOffsetsByTimestamp`) up to
 * the end offsets that existed when the replay began, so it terminates however busy the topic is. A
 * record is published after it was stored, so every record recorded at or after `from` sits at or after
 * those offsets. Uses a throwaway consumer group that commits nothing and is deleted afterwards.
 */
export async function replayAuditTopic(options: ReplayOptions): Promise<ReplayResult> {
  const kafka = new Kafka({ ...options.client, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const collector = new ReplayCollector(options.filter);
  const counts: Record<OfferOutcome, number> = { matched: 0, filtered: 0, duplicate: 0, invalid: 0 };
  const progress: ReplayProgress = { read: 0, matched: 0, elapsedMs: 0, readByPartition: new Map() };
  const groupId = `${options.groupPrefix}followup-audit-replay-${randomUUID()}`;
  const started = Date.now();
  let ranges: PartitionRange[] = [];
  let complete = true;
  try {
    const ends = await admin.fetchTopicOffsets(options.topic);
    const starts = await admin.fetchTopicOffsetsByTimestamp(options.topic, Date.parse(options.filter.from));
    ranges = ends
      .map(({ partition, offset, low }) => {
        const start = Number(starts.find((entry) => entry.partition === partition)?.offset ?? offset);
        return { partition, start: Math.max(start, Number(low)), end: Number(offset) };
      })
      .sort((a, b) => a.partition - b.partition);
    const pending = new Set(ranges.filter((range) => range.start < range.end).map((range) => range.partition));
    if (pending.size > 0)
      complete = await consumeRanges(kafka, groupId, options, ranges, pending, (partition, message) => {
        progress.read += 1;
        progress.readByPartition.set(partition, (progress.readByPartition.get(partition) ?? 0) + 1);
        const outcome = collector.offer(message);
        counts[outcome] += 1;
        if (outcome === 'matched') progress.matched += 1;
        progress.elapsedMs = Date.now() - started;
        if (options.onProgress && progress.read % (options.progressEvery ?? 1000) === 0) {
          options.onProgress(describeProgress(progress, ranges));
        }
      });
    await admin.deleteGroups([groupId]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  progress.elapsedMs = Date.now() - started;
  options.onProgress?.(describeProgress(progress, ranges));
  const records = collector.sorted();
  return { records, ranges, read: progress.read, counts, byTenant: countByTenant(records), complete };
}

async function consumeRanges(
  kafka: Kafka,
  groupId: string,
  options: ReplayOptions,
  ranges: PartitionRange[],
  pending: Set<number>,
  onMessage: (partition: number, message: ReplayMessage) => void,
): Promise<boolean> {
  const endOf = new Map(ranges.map((range) => [range.partition, range.end]));
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 15_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  let lastActivity = Date.now();
  let finish: (complete: boolean) => void = () => undefined;
  const finished = new Promise<boolean>((resolve) => (finish = resolve));
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        if (!pending.has(batch.partition)) return;
        lastActivity = Date.now();
        const end = endOf.get(batch.partition) ?? 0;
        for (const message of batch.messages) {
          const offset = Number(message.offset);
          if (offset >= end) break;
          onMessage(batch.partition, message);
          if (offset + 1 >= end) break;
        }
        const last = Number(batch.messages[batch.messages.length - 1]?.offset ?? -1);
        if (last + 1 >= end) {
          pending.delete(batch.partition);
          consumer.pause([{ topic: options.topic, partitions: [batch.partition] }]);
          if (pending.size === 0) finish(true);
        }
        await heartbeat();
      },
    });
    for (const range of ranges) {
      if (pending.has(range.partition)) consumer.seek({ topic: options.topic, partition: range.partition, offset: String(range.start) });
    }
    const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
    const watchdog = setInterval(() => {
      if (Date.now() - lastActivity > idleTimeoutMs) finish(false);
    }, 500);
    const complete = await finished;
    clearInterval(watchdog);
    return complete;
  } finally {
    await consumer.disconnect();
  }
}
