export interface PartitionRange {
  partition: number;
  /** First offset to read. */
  start: number;
  /** Offset after the last one to read: the end of the partition when the replay started. */
  end: number;
}

export interface ReplayProgress {
  read: number;
  matched: number;
  elapsedMs: number;
  /** Messages read per partition. */
  readByPartition: Map<number, number>;
}

/** `replay: 12000/48000 messages (25.0%), 3000 matched, 5210 msg/s; partitions 0 40% 1 10% 2 25%` */
export function describeProgress(progress: ReplayProgress, ranges: PartitionRange[]): string {
  const total = ranges.reduce((sum, range) => sum + (range.end - range.start), 0);
  const percent = (done: number, of: number) => (of === 0 ? '100.0' : ((100 * done) / of).toFixed(1));
  const rate = progress.elapsedMs > 0 ? Math.round((progress.read * 1000) / progress.elapsedMs) : 0;
  const partitions = ranges
    .map((range) => `${range.partition} ${percent(progress.readByPartition.get(range.partition) ?? 0, range.end - range.start)}%`)
    .join(' ');
  return `replay: ${progress.read}/${total} messages (${percent(progress.read, total)}%), ${progress.matched} matched, ${rate} msg/s; partitions ${partitions}`;
}
