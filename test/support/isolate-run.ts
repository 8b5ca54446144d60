import { randomBytes } from 'node:crypto';

/**
 * Runs before each integration test file's imports: gives the file its own topic namespace and database
 * prefix on the shared Kafka broker and MongoDB-compatible server, so runs never see each other's data.
 */
const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
process.env.KAFKA_TOPIC_PREFIX = `it-${runId}.`;
process.env.MONGO_DB_PREFIX = `it_${runId}_`;
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
jest.setTimeout(120_000);
