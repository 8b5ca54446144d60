import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { ApplyProviderReportUseCase, ProviderReportOutcome } from '../draft-delivery/apply-provider-report.use-case';
import { assertProviderSigned, requiredFields, SignedForm, smsProviderTokens } from './signed-form';
import { isSmsProviderStatus, smsFailureCode } from './sms-status';

export type SmsStatusCommand = SignedForm;

export type SmsStatusOutcome = ProviderReportOutcome;

/**
 * The SMS provider's report on a message it accepted, as the Twilio-style provider posts it. Only a request the
 * provider signed is read. The attempt that sent the message (by MessageSid) keeps the reported status; when a
 * message recorded delivered turns out undelivered or failed, the attempt becomes a failure and the delivery
 * moves on to the next channel (DeliverApprovedDraftUseCase.failAfterDelivery). A repeated callback changes nothing.
 */
@Injectable()
export class HandleSmsStatusUseCase {
  private readonly authTokens: string[];
  private readonly publicBaseUrl: string;

  constructor(
    environment: Environment,
    private readonly applyReport: ApplyProviderReportUseCase,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(HandleSmsStatusUseCase.name);
    this.authTokens = smsProviderTokens(environment);
    this.publicBaseUrl = environment.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }

  async execute(command: SmsStatusCommand): Promise<SmsStatusOutcome> {
    assertProviderSigned(this.authTokens, this.publicBaseUrl, command, this.logger, 'SMS status callback');
    const { MessageSid: messageSid, MessageStatus: status } = requiredFields(command.params, ['MessageSid', 'MessageStatus']);
    if (!isSmsProviderStatus(status)) {
      throw new FollowupError(ErrorCode.InvalidRequest, 'MessageStatus is not a known status.', { invalid_fields: ['MessageStatus'] });
    }
    const outcome = await this.applyReport.execute({
      channel: 'sms',
      providerMessageId: messageSid,
      providerStatus: status,
      failureCode: smsFailureCode(status),
    });
    this.logger.info({ outcome, provider_status: status }, 'SMS status callback handled');
    return outcome;
  }
}
