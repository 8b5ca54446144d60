import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment, getOrCreate } from '@followup/config';
import { EventEnvelope, SuppressibleChannel, SuppressionChangedEvent, Topics } from '@followup/contracts';
import { consumerGroupId, EventFedView } from '@followup/messaging';
import { SuppressedChannelIndex, suppressedChannelRecordsOf } from './suppressed-channel-index';
import { SuppressedChannelRecord } from './suppressed-channel.schema';
import { SuppressedChannelRepository } from './suppressed-channel.repository';

type TenantSuppressions = Map<string, SuppressedChannelIndex>;

/**
 * Which channels each lead of every tenant opted out of, in this instance's memory, fed by delivery's
 * `suppression.changed` (each event the whole state of one suppression, with the time that orders it), so a
 * recommendation reads it without a query; while the view is not live, or its consumer has not fetched for
 * VIEW_MAX_SILENCE_MS, the collection answers.
 */
@Injectable()
export class SuppressedChannelsView extends EventFedView<TenantSuppressions> {
  constructor(
    private readonly suppressed: SuppressedChannelRepository,
    environment: Environment,
    logger: PinoLogger,
  ) {
    super(
      environment,
      {
        service: 'recommender',
        name: 'suppressed-channels',
        topics: [
          { topic: Topics.SuppressionChanged, event: SuppressionChangedEvent, durableGroupId: consumerGroupId(environment, 'recommender') },
        ],
      },
      logger,
    );
    logger.setContext(SuppressedChannelsView.name);
  }

  async channelsOf(tenant: string, leadId: string): Promise<SuppressibleChannel[]> {
    const tenants = this.answering();
    if (!tenants) return this.suppressed.channelsOf(tenant, leadId);
    return tenants.get(tenant)?.channelsOf(leadId) ?? [];
  }

  protected async load(): Promise<TenantSuppressions> {
    const tenants: TenantSuppressions = new Map();
    for await (const record of this.suppressed.everyRecord()) applyRecord(tenants, record);
    return tenants;
  }

  protected apply(tenants: TenantSuppressions, event: EventEnvelope<object>): void {
    if (event instanceof SuppressionChangedEvent) for (const record of suppressedChannelRecordsOf(event)) applyRecord(tenants, record);
  }
}

function applyRecord(tenants: TenantSuppressions, record: SuppressedChannelRecord): void {
  getOrCreate(tenants, record.tenant, () => new SuppressedChannelIndex()).apply(record);
}
