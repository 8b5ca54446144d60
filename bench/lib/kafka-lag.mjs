// Consumer lag of a run's groups (those under its prefix): used between load levels so one level's backlog
// (audit and compliance catching up after a max-throughput run) does not eat the next level's CPU.
import { Kafka, logLevel } from 'kafkajs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Longer than the services' offset commit interval (500 ms) and a paced fetch (up to 1 s). */
const QUIET_MS = 1_500;
/** The polling is the broker's work too, counted with the level: once a second, not more. */
const POLL_MS = 1_000;

/**
 * How many messages the prefix's groups have yet to commit: a partition a group has committed nothing on counts whole
 * (its high water mark less its low one). Infinity when an offset could not be read, which is no sign of a caught-up group.
 */
export async function groupLag(admin, prefix) {
  const groups = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(prefix));
  const offsets = new Map();
  let lag = 0;
  for (const groupId of groups) {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
      if (!offsets.has(topic)) {
        const read = await admin.fetchTopicOffsets(topic).catch(() => undefined);
        if (read === undefined) return Infinity;
        offsets.set(topic, new Map(read.map((entry) => [entry.partition, { low: Number(entry.low), high: Number(entry.high) }])));
      }
      for (const { partition, offset } of partitions) {
        const ends = offsets.get(topic).get(partition);
        if (ends === undefined) return Infinity;
        const committed = Number(offset);
        lag += Math.max(0, ends.high - (committed >= 0 ? committed : ends.low));
      }
    }
  }
  return lag;
}

/**
 * Waits until the prefix's consumer groups have no lag at two readings in a row, QUIET_MS apart (a stage that has just
 * committed may not have produced what the next stage reads yet; offsets are committed on an interval), or until
 * `timeoutMs`; returns `{ ms, lag, limited }`, `limited` when the time ran out first. `client`: admin kafkajs settings.
 */
export async function waitForDrain(client, prefix, timeoutMs = 60_000) {
  const admin = new Kafka({ ...client, clientId: 'bench-lag', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const started = Date.now();
  let quietSince;
  try {
    for (;;) {
      const lag = await groupLag(admin, prefix);
      const now = Date.now();
      if (lag > 0) quietSince = undefined;
      else quietSince ??= now;
      if (quietSince !== undefined && now - quietSince >= QUIET_MS) return { ms: now - started, lag, limited: false };
      if (now - started > timeoutMs) return { ms: now - started, lag, limited: true };
      await sleep(POLL_MS);
    }
  } finally {
    await admin.disconnect();
  }
}
