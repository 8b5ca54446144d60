import type { Channel } from '@followup/contracts';
import { ChannelAdapter, OutboundMessage, SendResult } from '../channels/channel-adapter';
import { isRecipientOptOut } from '../channels/provider-errors';
import type { RecordProviderOptOutUseCase } from './record-provider-opt-out.use-case';
import type { SendPermission } from './send-permission';

/** The error code of an attempt refused because the address is on the tenant's suppression list. */
export const SUPPRESSED = 'SUPPRESSED';

/**
 * A channel adapter that asks the suppression list at the moment of sending, whatever was approved or scheduled
 * before: a suppressed address is refused without calling the provider (a permanent failure, so delivery moves
 * to the next channel). A provider refusal meaning "this recipient unsubscribed" (Twilio 21610) puts the address
 * on the list before the failure is returned.
 */
export class SuppressionCheckedAdapter implements ChannelAdapter {
  readonly channel: Channel;

  constructor(
    private readonly inner: ChannelAdapter,
    private readonly permission: Pick<SendPermission, 'isSuppressed'>,
    private readonly providerOptOut: Pick<RecordProviderOptOutUseCase, 'execute'>,
  ) {
    this.channel = inner.channel;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    if (await this.permission.isSuppressed(message.tenant, this.channel, message.to)) {
      return { status: 'permanent_failure', error_code: SUPPRESSED };
    }
    const result = await this.inner.send(message);
    if (isRecipientOptOut(result)) {
      await this.providerOptOut.execute({
        tenant: message.tenant,
        phone: message.to,
        provider_error_code: '21610',
        request_id: message.request_id,
      });
    }
    return result;
  }
}
