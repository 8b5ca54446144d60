import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Admin, Kafka } from 'kafkajs';
import { Environment, SERVICE_NAME, within } from '@followup/config';
import { ServiceName } from '@followup/contracts';
import { kafkaClientConfig } from '@followup/messaging';

const KAFKA_CHECK_TIMEOUT_MS = 3_000;

@Injectable()
export class KafkaHealthIndicator implements OnModuleDestroy {
  private admin?: Admin;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly environment: Environment,
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
  ) {}

  async isHealthy(key: string) {
    const indicator = this.indicators.check(key);
    try {
      const cluster = await within(
        this.connectedAdmin().then((admin) => admin.describeCluster()),
        KAFKA_CHECK_TIMEOUT_MS,
        () => {
          throw new Error('timed out');
        },
      );
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = new Kafka({ ...kafkaClientConfig(this.environment, this.service, `followup-${this.service}-health`), retry: { retries: 0 } }).admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect();
  }
}
