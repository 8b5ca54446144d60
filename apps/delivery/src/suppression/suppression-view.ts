import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { EventEnvelope, SuppressionChangedEvent, Topics } from '@followup/contracts';
import { EventFedView } from '@followup/messaging';
import { EntryRead, SuppressionEntry, SuppressionIndex } from './suppression-index';
import { AddressKey, SuppressionRepository } from './suppression.repository';

const REREAD_RETRY_MS = 1_000;

/**
 * The active entries of the suppression list in memory on every delivery instance. Delivery writes the list itself
 * and announces each change after storing it, so the view joins the topic at its end before loading the collection
 * (nothing stored before the join is missing from the load; everything announced after it is applied). The
 * announcement names the entry, never its address: the entry is read back by its id, and until that read lands the
 * tenant's checks ask the database. The instance that writes an entry puts it in its own view at once (`wrote`).
 */
@Injectable()
export class SuppressionView extends EventFedView<SuppressionIndex> {
  constructor(
    environment: Environment,
    private readonly suppressions: SuppressionRepository,
    private readonly logger: PinoLogger,
  ) {
    super(
      environment,
      { service: 'delivery', name: 'suppressions', topics: [{ topic: Topics.SuppressionChanged, event: SuppressionChangedEvent }] },
      logger,
    );
    logger.setContext(SuppressionView.name);
  }

  /**
   * Whether the address is opted out of the channel now: the view's answer when it has one, else the database's (also
   * when the view has not fetched for VIEW_MAX_SILENCE_MS: entries are stored by whichever instance took the opt-out,
   * also while the broker is away, and would reach this view only once it is back).
   */
  async isActive(key: AddressKey): Promise<boolean> {
    return this.answering()?.isActive(key.tenant, key.channel, key.address) ?? (await this.suppressions.isActive(key));
  }

  /** This instance stored the entry: its own sends see the change at once, before the announcement comes back. */
  wrote(entry: SuppressionEntry): void {
    this.held()?.put(entry);
  }

  protected async load(): Promise<SuppressionIndex> {
    return new SuppressionIndex(await this.suppressions.activeEntries());
  }

  protected apply(index: SuppressionIndex, event: EventEnvelope<object>): void {
    if (!(event instanceof SuppressionChangedEvent)) return;
    void this.readBack(index, index.reading(event.tenant, event.payload.suppression_id));
  }

  /** Until it succeeds: the tenant's checks ask the database meanwhile. */
  private async readBack(index: SuppressionIndex, read: EntryRead): Promise<void> {
    try {
      index.settle(read, await this.suppressions.entry(read.tenant, read.suppression_id));
    } catch (error) {
      this.logger.warn(
        { suppression_id: read.suppression_id, error_name: (error as Error).name },
        'suppression entry not read back; retrying',
      );
      setTimeout(() => void this.readBack(index, read), REREAD_RETRY_MS).unref();
    }
  }
}
