import type { INestApplication } from '@nestjs/common';
import { Admin, Kafka, logLevel, Producer } from 'kafkajs';
import { Collection, Db, Document, Filter, MongoClient, WithId } from 'mongodb';
import type { AddressInfo } from 'node:net';
import { DevelopmentTokenClaims, signDevelopmentToken } from '@followup/auth';
import { databaseName, Environment, validateEnvironment } from '@followup/config';
import { ServiceName, SERVICE_NAMES, TOPIC_CATALOG, TopicName } from '@followup/contracts';
import { busAcls, busTopic, consumerGroupId, kafkaClientConfig, provisionBus, topicGroupIdOf } from '@followup/messaging';

type AppFactory = (overrides?: Record<string, unknown>) => Promise<INestApplication>;

/** Loaded on first use, so a test imports only the services it starts. */
const FACTORIES: Record<ServiceName, () => Promise<AppFactory>> = {
  gateway: () => import('../../apps/gateway/src/create-gateway-app').then((module) => module.createGatewayApp),
  recommender: () => import('../../apps/recommender/src/create-recommender-app').then((module) => module.createRecommenderApp),
  compliance: () => import('../../apps/compliance/src/create-compliance-app').then((module) => module.createComplianceApp),
  delivery: () => import('../../apps/delivery/src/create-delivery-app').then((module) => module.createDeliveryApp),
  audit: () => import('../../apps/audit/src/create-audit-app').then((module) => module.createAuditApp),
};

/**
 * The five real services in this process, each with its own Nest app, Kafka consumer group and
 * database, against the real broker and MongoDB-compatible server (started by `npm test`).
 */
export class TestStack {
  readonly environment: Environment = validateEnvironment(process.env);
  private readonly apps = new Map<ServiceName, INestApplication>();
  private readonly extraInstances: INestApplication[] = [];
  private readonly overrides: Partial<Record<ServiceName, Record<string, unknown>>>;
  private mongo?: MongoClient;
  private producer?: Producer;
  private admin?: Admin;
  private provisioned?: Promise<void>;

  constructor(overrides: Partial<Record<ServiceName, Record<string, unknown>>> = {}) {
    this.overrides = overrides;
  }

  async start(services: readonly ServiceName[] = SERVICE_NAMES): Promise<void> {
    await Promise.all(services.map((service) => this.startService(service)));
  }

  /** `extra` settings join the ones given to the constructor, e.g. a URL known only once another service runs. */
  async startService(service: ServiceName, extra: Record<string, unknown> = {}): Promise<void> {
    this.apps.set(service, await this.createListening(service, extra));
  }

  /**
   * Another instance of a running service, in the same consumer group and database, as a second process would be;
   * with `durableGroup: false`, one that never joins the service's durable consumer group (its Kafka server not started).
   */
  async startExtraInstance(
    service: ServiceName,
    extra: Record<string, unknown> = {},
    { durableGroup = true } = {},
  ): Promise<INestApplication> {
    const app = await this.createListening(service, extra, durableGroup);
    this.extraInstances.push(app);
    return app;
  }

  private async createListening(service: ServiceName, extra: Record<string, unknown>, durableGroup = true): Promise<INestApplication> {
    await (this.provisioned ??= provisionBus(this.environment));
    const createApp = await FACTORIES[service]();
    const app = await createApp({ ...this.overrides[service], ...extra });
    if (durableGroup) await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    return app;
  }

  /** The Nest app of a running service, for a test that waits on one of its providers. */
  app(service: ServiceName): INestApplication {
    const app = this.apps.get(service);
    if (!app) throw new Error(`${service} is not running`);
    return app;
  }

  async stopService(service: ServiceName): Promise<void> {
    await this.apps.get(service)?.close();
    this.apps.delete(service);
  }

  /** The base URL of a running service's HTTP server (each listens on its own free port). */
  serviceUrl(service: ServiceName): string {
    const app = this.apps.get(service);
    if (!app) throw new Error(`${service} is not running`);
    const address = app.getHttpServer().address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  get gatewayUrl(): string {
    const app = this.apps.get('gateway');
    if (!app) throw new Error('gateway is not running');
    const address = app.getHttpServer().address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  token(claims: DevelopmentTokenClaims, expiresInSeconds = 600): string {
    return signDevelopmentToken(claims, {
      secret: this.environment.JWT_SECRET,
      issuer: this.environment.JWT_ISSUER,
      audience: this.environment.JWT_AUDIENCE,
      expiresInSeconds,
    });
  }

  /** A service's own database, read by the test only to check what the service stored. */
  database(service: ServiceName): Db {
    this.mongo ??= new MongoClient(this.environment.MONGO_URL);
    return this.mongo.db(databaseName(this.environment, service));
  }

  /** Raw bytes onto a topic (its name on this run's bus), as a misbehaving producer would send them. */
  async produceRaw(topic: TopicName, value: string, key = 'test'): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka().producer();
      await this.producer.connect();
    }
    await this.producer.send({ topic: busTopic(this.environment, topic), messages: [{ key, value }] });
  }

  /** The durable consumer group a service reads its topics with. */
  consumerGroup(service: ServiceName): string {
    return consumerGroupId(this.environment, service);
  }

  /** The group a service reads `topic` with: its durable group, or the topic's own where the catalog gives it one. */
  consumerGroupFor(service: ServiceName, topic: TopicName): string {
    const spec = TOPIC_CATALOG.find((entry) => entry.name === topic);
    return spec ? topicGroupIdOf(this.environment.KAFKA_TOPIC_PREFIX, service, spec) : this.consumerGroup(service);
  }

  /**
   * Waits until consumer group `groupId` has committed, on every partition of `topics`, the offset the
   * partition ends at now: every message published so far has been handled (kafkajs commits an offset only
   * once its handler resolved). The positive signal to wait for before asserting that something did not happen.
   */
  async consumedUpToNow(groupId: string, logicalTopics: readonly TopicName[], timeoutMs = 30_000): Promise<void> {
    const admin = await this.kafkaAdmin();
    const topics = logicalTopics.map((topic) => busTopic(this.environment, topic));
    const ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
    await eventually(async () => {
      const committed = await admin.fetchOffsets({ groupId, topics });
      const behind = ends.some(({ topic, partitions }) =>
        partitions.some(({ partition, high, low }) => {
          const offset = committed
            .find((entry) => entry.topic === topic)
            ?.partitions.find((entry) => entry.partition === partition)?.offset;
          return Number(high) > Number(low) && Number(offset ?? -1) < Number(high);
        }),
      );
      return behind ? undefined : true;
    }, timeoutMs);
  }

  /** Every service has handled every message on the topics it reads (the topics of its own groups last: the others feed them). */
  async allConsumedUpToNow(timeoutMs = 60_000): Promise<void> {
    for (const service of SERVICE_NAMES) {
      const read = TOPIC_CATALOG.filter((spec) => spec.consumers.includes(service));
      const inOrder = [...read.filter((spec) => !spec.consumerGroupSuffix), ...read.filter((spec) => spec.consumerGroupSuffix)];
      for (const topic of inOrder.map((spec) => spec.name)) {
        await this.consumedUpToNow(this.consumerGroupFor(service, topic), [topic], timeoutMs);
      }
    }
  }

  private async kafkaAdmin(): Promise<Admin> {
    if (!this.admin) {
      this.admin = this.kafka().admin();
      await this.admin.connect();
    }
    return this.admin;
  }

  private kafka(): Kafka {
    return adminKafka('followup-test');
  }

  /**
   * Deletes this run's topics (those under KAFKA_TOPIC_PREFIX; never without a prefix) and waits until the
   * broker no longer lists them, so a later stack of the same file can create them afresh.
   */
  private async deleteRunTopics(): Promise<void> {
    const prefix = this.environment.KAFKA_TOPIC_PREFIX;
    if (!prefix) return;
    const admin = await this.kafkaAdmin();
    const runTopics = async () => (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    const topics = await runTopics();
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 15_000 });
    await eventually(async () => ((await runTopics()).length === 0 ? true : undefined));
  }

  /** Takes back the grants provisionBus gave the services on this run's topics and groups (never without a prefix). */
  private async revokeRunAcls(): Promise<void> {
    const prefix = this.environment.KAFKA_TOPIC_PREFIX;
    if (!prefix) return;
    const admin = await this.kafkaAdmin();
    await admin.deleteAcls({ filters: busAcls(TOPIC_CATALOG, this.environment) });
  }

  /** The services stop side by side, as separate processes would: each waits on its own consumers leaving. */
  async close(): Promise<void> {
    await Promise.all([
      ...this.extraInstances.splice(0).map((app) => app.close()),
      ...[...this.apps.keys()].map((service) => this.stopService(service)),
    ]);
    await this.producer?.disconnect();
    await this.deleteRunTopics();
    await this.revokeRunAcls();
    await this.admin?.disconnect();
    if (this.mongo) {
      for (const service of SERVICE_NAMES) await this.database(service).dropDatabase();
      await this.mongo.close();
    }
  }
}

/**
 * A raw client of the admin (tools) principal, a super user of the broker: tests observe topics and inject
 * records with it. The services' own principals are limited by the catalog's ACLs (test/integration/security-bus).
 */
export function adminKafka(clientId: string): Kafka {
  return new Kafka({ ...kafkaClientConfig(validateEnvironment(process.env), 'admin', clientId), logLevel: logLevel.NOTHING });
}

/**
 * Polls `probe` until it returns something other than undefined or null, or fails after `timeoutMs`. Null waits too:
 * a probe that is a bare `findOne` would otherwise pass at once, before what it waits for exists.
 */
export async function eventually<T>(probe: () => Promise<T | undefined | null>, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The first document of the collection that the filter matches, once a service has stored one. */
export function eventuallyStored(collection: Collection, filter: Filter<Document>, timeoutMs?: number): Promise<WithId<Document>> {
  return eventually(() => collection.findOne(filter), timeoutMs);
}
