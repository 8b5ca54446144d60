import { Injectable } from '@nestjs/common';
import { ChangeSuppressionUseCase } from './change-suppression.use-case';

export interface ProviderOptOutCommand {
  tenant: string;
  /** The E.164 number the provider refused to text. */
  phone: string;
  /** The provider's error code that says the recipient unsubscribed (Twilio 21610). */
  provider_error_code: string;
  request_id: string;
}

/**
 * The SMS provider refused a message because the recipient unsubscribed (they texted STOP to the provider):
 * the number goes on the tenant's suppression list, as if they had told us. Idempotent.
 */
@Injectable()
export class RecordProviderOptOutUseCase {
  constructor(private readonly changeSuppression: ChangeSuppressionUseCase) {}

  async execute(command: ProviderOptOutCommand): Promise<void> {
    await this.changeSuppression.execute({
      tenant: command.tenant,
      channel: 'sms',
      address: command.phone,
      change: 'suppressed',
      reason: `provider reported the recipient unsubscribed (${command.provider_error_code})`,
      source: 'provider_code',
      context: { request_id: command.request_id, tenant: command.tenant, actor: { kind: 'service', id: 'delivery' } },
    });
  }
}
