// Consumer lag of a run's groups (those under its prefix): used between load levels so one level's backlog
// (audit and compliance catching up after a max-throughput run) does not eat the next level's CPU.
import { Kafka, logLevel } from 'kafkajs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function groupLag(admin, prefix) {
  const groups = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(prefix));
  const highs = new Map();
  let lag = 0;
  for (const groupId of groups) {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
      if (!highs.has(topic)) {
        const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
        highs.set(topic, new Map(offsets.map((entry) => [entry.partition, Number(entry.high)])));
      }
      for (const { partition, offset } of partitions) {
        const committed = Number(offset);
        if (committed >= 0) lag += Math.max(0, (highs.get(topic).get(partition) ?? 0) - committed);
      }
    }
  }
  return lag;
}

/** Waits until the prefix's consumer groups have no lag (or the timeout); returns `{ ms, lag }`. `client`: admin kafkajs settings. */
export async function waitForDrain(client, prefix, timeoutMs = 60_000) {
  const admin = new Kafka({ ...client, clientId: 'bench-lag', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const started = Date.now();
  try {
    for (;;) {
      const lag = await groupLag(admin, prefix);
      if (lag === 0 || Date.now() - started > timeoutMs) return { ms: Date.now() - started, lag };
      await sleep(250);
    }
  } finally {
    await admin.disconnect();
  }
}
