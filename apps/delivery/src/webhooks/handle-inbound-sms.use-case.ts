import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ChangeSuppressionUseCase, SMS_OPT_OUT_SOURCES } from '../suppression/change-suppression.use-case';
import { normaliseAddress } from '../suppression/suppression-address';
import { InboundSmsRepository } from './inbound-sms.repository';
import { assertProviderSigned, requiredFields, SignedForm, smsProviderTokens } from './signed-form';
import { extraOptOutKeywords, keywordIntent, keywordOf, tenantsByNumber } from './sms-keywords';

export interface InboundSmsCommand extends SignedForm {
  request_id: string;
}

export type InboundSmsOutcome = 'opt_out' | 'opt_in' | 'none' | 'replayed' | 'unknown_number';

const single = (value: string | readonly string[] | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * A text from a lead to one of our numbers, as the Twilio-style provider posts it. Only a request the provider
 * signed (X-Twilio-Signature over PUBLIC_BASE_URL + path and the form) is read; a message id seen before is a
 * replay and changes nothing. The receiving number (To) says which tenants' leads texted (SMS_INBOUND_NUMBERS);
 * in each, STOP and the other opt-out words put the sender's number on the suppression list, START takes it off
 * (unless the CRM recorded it: SMS_OPT_OUT_SOURCES).
 */
@Injectable()
export class HandleInboundSmsUseCase {
  private readonly authTokens: string[];
  private readonly publicBaseUrl: string;
  private readonly tenantsByNumber: Map<string, string[]>;
  private readonly extraKeywords: Map<string, string[]>;

  constructor(
    environment: Environment,
    private readonly inbound: InboundSmsRepository,
    private readonly changeSuppression: ChangeSuppressionUseCase,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(HandleInboundSmsUseCase.name);
    this.authTokens = smsProviderTokens(environment);
    this.publicBaseUrl = environment.PUBLIC_BASE_URL.replace(/\/+$/, '');
    this.tenantsByNumber = tenantsByNumber(environment.SMS_INBOUND_NUMBERS);
    this.extraKeywords = extraOptOutKeywords(environment.SMS_EXTRA_OPT_OUT_KEYWORDS);
  }

  async execute(command: InboundSmsCommand): Promise<InboundSmsOutcome> {
    assertProviderSigned(this.authTokens, this.publicBaseUrl, command, this.logger, 'inbound SMS webhook');
    const { MessageSid: messageSid, From: from, To: to } = requiredFields(command.params, ['MessageSid', 'From', 'To']);
    const body = single(command.params.Body) ?? '';
    if (await this.inbound.seen(messageSid)) {
      this.logger.info({ outcome: 'replayed' }, 'inbound SMS already handled');
      return 'replayed';
    }
    const tenants = this.tenantsByNumber.get(normaliseAddress('sms', to) ?? to) ?? [];
    if (tenants.length === 0) {
      this.logger.warn({ outcome: 'unknown_number' }, 'inbound SMS to a number no tenant is configured for (SMS_INBOUND_NUMBERS)');
      await this.inbound.record({ message_sid: messageSid, tenants, intent: 'none' });
      return 'unknown_number';
    }
    let outcome: InboundSmsOutcome = 'none';
    for (const tenant of tenants) {
      const intent = keywordIntent(body, this.extraKeywords.get(tenant));
      if (!intent) continue;
      outcome = intent;
      await this.changeSuppression.execute({
        tenant,
        channel: 'sms',
        address: from,
        change: intent === 'opt_out' ? 'suppressed' : 'released',
        reason: `texted ${keywordOf(body)}`,
        source: 'sms_keyword',
        context: { request_id: command.request_id, tenant, actor: { kind: 'service', id: 'delivery' } },
        // one the CRM recorded (the lead asked by phone, say) stands: a "Yes" texted to a shared number is no answer to it
        releases: SMS_OPT_OUT_SOURCES,
      });
    }
    await this.inbound.record({ message_sid: messageSid, tenants, intent: outcome });
    this.logger.info({ outcome, tenants: tenants.length }, 'inbound SMS handled');
    return outcome;
  }
}
