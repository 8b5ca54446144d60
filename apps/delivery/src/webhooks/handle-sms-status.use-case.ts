import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { DeliverApprovedDraftUseCase } from '../draft-delivery/deliver-approved-draft.use-case';
import { DeliveryAttemptRepository } from '../draft-delivery/delivery-attempt.repository';
import { assertProviderSigned, requiredFields, SignedForm } from './signed-form';
import { isSmsProviderStatus, smsFailureCode } from './sms-status';

export type SmsStatusCommand = SignedForm;

export type SmsStatusOutcome = 'recorded' | 'failed_over' | 'unknown_message';

/**
 * The SMS provider's report on a message it accepted, as the Twilio-style provider posts it. Only a request the
 * provider signed is read. The attempt that sent the message (by MessageSid) keeps the reported status; when a
 * message recorded delivered turns out undelivered or failed, the attempt becomes a failure and the delivery
 * moves on to the next channel (DeliverApprovedDraftUseCase.failAfterDelivery). A repeated callback changes nothing.
 */
@Injectable()
export class HandleSmsStatusUseCase {
  private readonly authToken: string;
  private readonly publicBaseUrl: string;

  constructor(
    environment: Environment,
    private readonly attempts: DeliveryAttemptRepository,
    private readonly delivery: DeliverApprovedDraftUseCase,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(HandleSmsStatusUseCase.name);
    this.authToken = environment.SMS_AUTH_TOKEN ?? '';
    this.publicBaseUrl = environment.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }

  async execute(command: SmsStatusCommand): Promise<SmsStatusOutcome> {
    assertProviderSigned(this.authToken, this.publicBaseUrl, command, this.logger, 'SMS status callback');
    const { MessageSid: messageSid, MessageStatus: status } = requiredFields(command.params, ['MessageSid', 'MessageStatus']);
    if (!isSmsProviderStatus(status)) {
      throw new FollowupError(ErrorCode.InvalidRequest, 'MessageStatus is not a known status.', { field: 'MessageStatus' });
    }
    const attempt = await this.attempts.findByProviderMessage('sms', messageSid);
    if (!attempt) {
      this.logger.warn({ outcome: 'unknown_message', provider_status: status }, 'SMS status callback for no recorded attempt');
      return 'unknown_message';
    }
    await this.attempts.recordProviderStatus(attempt, status);
    const error_code = smsFailureCode(status);
    const failedOver =
      error_code !== undefined &&
      (await this.delivery.failAfterDelivery({
        tenant: attempt.tenant,
        recommendation_id: attempt.recommendation_id,
        attempt: attempt.attempt,
        error_code,
      }));
    const outcome: SmsStatusOutcome = failedOver ? 'failed_over' : 'recorded';
    this.logger.info({ outcome, provider_status: status, attempt: attempt.attempt }, 'SMS status callback handled');
    return outcome;
  }
}
