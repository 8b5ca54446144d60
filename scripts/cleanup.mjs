// Removes what a run of the services created (a benchmark, chaos, fuzzing): its databases and its prefixed topics (the consumer groups go with
// the topics' offsets; the broker expires empty groups on its own).
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

export async function dropDatabases(mongoUrl, names) {
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    for (const name of names) await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

/** `client`: kafkajs settings with the admin principal's credentials (kafkaClientConfig). */
export async function deletePrefixedTopics(client, prefix) {
  if (!prefix) throw new Error('refusing to delete topics without a prefix');
  const admin = new Kafka({ ...client, clientId: 'followup-cleanup', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 15_000 });
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}
