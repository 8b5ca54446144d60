import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { ContactRepository } from '../contact-directory/contact.repository';
import { ChangeSuppressionUseCase } from '../suppression/change-suppression.use-case';
import { UnsubscribeLinks } from './unsubscribe-links';

export interface UnsubscribeEmailCommand {
  token: string;
  request_id: string;
}

/**
 * The one-click unsubscribe (RFC 8058): a valid, unexpired token puts the address the email went to on the tenant's
 * suppression list, even when the lead's address has changed since or the lead was erased (a link of the first
 * version, which names no address, the lead's address at the click). No login: the signature is the authorisation.
 * Clicking again changes nothing.
 */
@Injectable()
export class UnsubscribeEmailUseCase {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly contacts: ContactRepository,
    private readonly changeSuppression: ChangeSuppressionUseCase,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(UnsubscribeEmailUseCase.name);
  }

  async execute(command: UnsubscribeEmailCommand): Promise<void> {
    const check = this.links.check(command.token);
    if (!check.valid) {
      this.logger.warn({ reason: check.reason }, 'unsubscribe link refused');
      throw new FollowupError(ErrorCode.Forbidden, 'The unsubscribe link is invalid or has expired.', { reason: check.reason });
    }
    const { tenant, lead_id, address } = check.claims;
    const email = address ?? (await this.contacts.findOne(tenant, lead_id))?.contacts.email;
    if (!email) {
      this.logger.warn({ tenant, lead_id }, 'unsubscribe link of a lead without an email address; nothing to suppress');
      return;
    }
    await this.changeSuppression.execute({
      tenant,
      channel: 'email',
      address: email,
      change: 'suppressed',
      reason: 'one-click unsubscribe link',
      source: 'one_click',
      context: { request_id: command.request_id, tenant, actor: { kind: 'service', id: 'delivery' } },
    });
  }
}
