import { OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The rate-limit counters of every gateway instance, in Redis (RATE_LIMIT_REDIS_URL), namespaced by the
 * deployment's prefix like its topics. While Redis cannot be reached each instance counts in its own memory,
 * and says so once: a rate limit that holds per instance is better than refusing every request or none.
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private degraded = false;

  constructor(
    url: string,
    keyPrefix: string,
    private readonly logger: PinoLogger,
  ) {
    // No offline queue and one try: a command fails at once while Redis is away instead of holding the request.
    this.redis = new Redis(url, { keyPrefix, enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    this.redis.on('error', () => undefined); // reported once per outage by increment()
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
      if (this.degraded) {
        this.degraded = false;
        this.logger.info('rate-limit storage reachable again; counting across instances');
      }
      return record;
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn({ error_name: (error as Error).name }, 'rate-limit storage unreachable; counting in this instance only');
      }
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
    this.redis.disconnect();
  }
}

/** Redis-backed storage when RATE_LIMIT_REDIS_URL is set, else the throttler's own per-process storage. */
export function throttlerStorageFor(environment: Environment, logger: PinoLogger): ThrottlerStorage {
  if (!environment.RATE_LIMIT_REDIS_URL) return new ThrottlerStorageService();
  logger.setContext(SharedThrottlerStorage.name);
  return new SharedThrottlerStorage(environment.RATE_LIMIT_REDIS_URL, `${environment.KAFKA_TOPIC_PREFIX}followup:rate-limit:`, logger);
}
