import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import {
  ErrorCode,
  EventContext,
  FollowupError,
  MAX_SUPPRESSED_LEADS,
  SuppressibleChannel,
  SuppressionChange,
  SuppressionChangedEvent,
  SuppressionSource,
  Topics,
} from '@followup/contracts';
import { createEvent, OutboxMessage } from '@followup/messaging';
import { ContactRepository } from '../contact-directory/contact.repository';
import { normaliseAddress } from './suppression-address';
import { SuppressionView } from './suppression-view';
import { AddressKey, Suppression, SuppressionRepository } from './suppression.repository';

export interface ChangeSuppressionCommand {
  tenant: string;
  channel: SuppressibleChannel;
  /** As given (a webhook's From, a CRM's entry); normalised here. */
  address: string;
  change: SuppressionChange;
  reason: string;
  source: SuppressionSource;
  context: EventContext;
  /** For an opt back in: the sources of the opt-outs it may end (any when absent); another stands as it is. */
  releases?: readonly SuppressionSource[];
  /** For an opt-out: the sources of an active opt-out it takes over (the entry gets this one's source and reason). */
  replaces?: readonly SuppressionSource[];
}

/**
 * The opt-outs that came by SMS (a texted keyword, the provider's own block): a texted START, UNSTOP or YES ends
 * them, and an opt-out the CRM records over one of them takes it over, so such a text no longer ends it.
 */
export const SMS_OPT_OUT_SOURCES: readonly SuppressionSource[] = ['sms_keyword', 'provider_code'];

export interface ChangeSuppressionResult {
  /** False when the address already was in the asked state: nothing was written. */
  changed: boolean;
  suppression: Suppression | null;
}

/**
 * Opts an address out (`suppressed`) or back in (`released`) on the tenant's list and announces the change as
 * `suppression.changed`, naming the tenant's leads that have the address now (never the address). The event is
 * written with the change and cleared once the broker acknowledged it; asking again for a state the address is
 * already in publishes an event that is still pending, so a caller's retry (the provider redelivering a webhook,
 * a CRM repeating its POST) completes an announcement a crash or a broker outage cut short.
 */
@Injectable()
export class ChangeSuppressionUseCase {
  constructor(
    private readonly suppressions: SuppressionRepository,
    private readonly contacts: ContactRepository,
    private readonly view: SuppressionView,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ChangeSuppressionUseCase.name);
  }

  async execute(command: ChangeSuppressionCommand): Promise<ChangeSuppressionResult> {
    return this.change(command, true);
  }

  /**
   * `readAgain`: whether an opt-out that may take over an entry (the CRM's) starts over once when its write misses
   * because the entry changed after the read: a texted START released the entry it was to take over, or a texted STOP
   * made one it may take over. Read again, it is written and announced as of after that change; a second miss is a
   * 503, not an opt-out answered as already recorded when it is not.
   */
  private async change(command: ChangeSuppressionCommand, readAgain: boolean): Promise<ChangeSuppressionResult> {
    const address = normaliseAddress(command.channel, command.address);
    if (!address) {
      throw new FollowupError(ErrorCode.InvalidRequest, 'The address is not a valid address of the channel.', {
        invalid_fields: ['address'],
      });
    }
    const key: AddressKey = { tenant: command.tenant, channel: command.channel, address };
    const existing = await this.suppressions.findOne(key);
    const held = existing?.active === true ? existing : undefined;
    if (command.change === 'released' && held && command.releases?.includes(held.source) === false) {
      return { changed: false, suppression: existing };
    }
    const takesOver = command.change === 'suppressed' && held !== undefined && command.replaces?.includes(held.source) === true;
    const alreadyThere = command.change === 'suppressed' ? held !== undefined && !takesOver : held === undefined;
    if (alreadyThere) {
      if (existing?.outbox_pending && existing.outbox)
        await this.suppressions.deliverOutbox(existing.tenant, existing.suppression_id, existing.outbox);
      return { changed: false, suppression: existing };
    }
    const suppressionId = existing?.suppression_id ?? randomUUID();
    const at = new Date();
    const leadIds = await this.contacts.leadIdsWithAddress(
      command.tenant,
      command.channel,
      [address, command.address.trim()],
      MAX_SUPPRESSED_LEADS,
    );
    const event = createEvent(
      SuppressionChangedEvent,
      'delivery',
      command.context,
      {
        suppression_id: suppressionId,
        change: command.change,
        channel: command.channel,
        lead_ids: leadIds,
        reason: command.reason,
        source: command.source,
        changed_at: at.toISOString(),
      },
      `${suppressionId}:${command.change}:${at.toISOString()}`,
    );
    const messages: OutboxMessage[] = [{ topic: Topics.SuppressionChanged, key: suppressionId, event: { ...event } }];
    const change = { ...key, suppression_id: suppressionId, reason: command.reason, source: command.source, at, messages };
    const written =
      command.change === 'released'
        ? await this.suppressions.release(change, command.releases)
        : takesOver
          ? await this.suppressions.takeOver(change, command.replaces!)
          : await this.suppressions.suppress(change);
    if (!written && command.change === 'suppressed' && command.replaces) {
      if (readAgain) return this.change(command, false);
      throw new FollowupError(ErrorCode.ServiceUnavailable, "The address's entry kept changing. Retry in a moment.", {
        suppression_id: suppressionId,
      });
    }
    const stored = await this.suppressions.findOne(key);
    if (!written) return { changed: false, suppression: stored };
    if (stored) this.view.wrote(stored);
    this.logger.info(
      { suppression_id: suppressionId, change: command.change, channel: command.channel, source: command.source, leads: leadIds.length },
      'suppression list changed',
    );
    await this.suppressions.deliverOutbox(command.tenant, suppressionId, messages);
    return { changed: true, suppression: stored };
  }
}
