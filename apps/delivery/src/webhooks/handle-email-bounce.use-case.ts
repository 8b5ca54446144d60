import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Clock, Environment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { ApplyProviderReportUseCase, ProviderReportOutcome } from '../draft-delivery/apply-provider-report.use-case';
import { BounceTokenRepository } from './bounce-token.repository';
import { bounceFailureCode, checkBounceSignature, isBounceSeverity, recordedMessageId } from './email-bounce';
import { requiredFields } from './signed-form';
import { SignedParams } from './provider-signature';

export type EmailBounceOutcome = ProviderReportOutcome;

/**
 * The email provider's report that a message we sent bounced. Only a request signed with
 * EMAIL_WEBHOOK_SIGNING_KEY over a recent timestamp is read. A permanent bounce of a message recorded delivered
 * turns the attempt into a failure and moves the delivery to the next channel, as a lost SMS does
 * (DeliverApprovedDraftUseCase.failAfterDelivery); a temporary one is recorded only. A repeat changes nothing. The
 * signature does not cover the message id and severity, so a signed token is good for the report first posted with
 * it only: the same token with another message id or severity (a captured post replayed altered) is a 403.
 */
@Injectable()
export class HandleEmailBounceUseCase {
  constructor(
    private readonly environment: Environment,
    private readonly clock: Clock,
    private readonly applyReport: ApplyProviderReportUseCase,
    private readonly tokens: BounceTokenRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(HandleEmailBounceUseCase.name);
  }

  async execute(params: SignedParams): Promise<EmailBounceOutcome> {
    const fields = requiredFields(params, ['timestamp', 'token', 'signature', 'message_id', 'severity']);
    const check = checkBounceSignature(this.environment.EMAIL_WEBHOOK_SIGNING_KEY, fields, Math.floor(this.clock.now().getTime() / 1000));
    if (check !== 'valid') {
      this.logger.warn({ reason: check }, 'email bounce webhook refused');
      throw new FollowupError(ErrorCode.Forbidden, 'The request signature is missing, invalid or too old.', { reason: check });
    }
    if (!isBounceSeverity(fields.severity)) {
      throw new FollowupError(ErrorCode.InvalidRequest, 'severity is not permanent or temporary.', { invalid_fields: ['severity'] });
    }
    if (!(await this.tokens.takeFor({ token: fields.token, message_id: fields.message_id, severity: fields.severity }))) {
      this.logger.warn({ reason: 'replayed_token' }, 'email bounce webhook refused');
      throw new FollowupError(ErrorCode.Forbidden, 'This signed report was already received with other contents.', {
        reason: 'replayed_token',
      });
    }
    const outcome = await this.applyReport.execute({
      channel: 'email',
      providerMessageId: recordedMessageId(fields.message_id),
      providerStatus: `bounced_${fields.severity}`,
      failureCode: bounceFailureCode(fields.severity),
    });
    this.logger.info({ outcome, severity: fields.severity }, 'email bounce handled');
    return outcome;
  }
}
