import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { Environment } from '@followup/config';
import { CHANNEL_NOT_CONFIGURED, ChannelAdapter, OutboundMessage, SendResult } from './channel-adapter';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { classifySmtpError } from './provider-errors';

type Transporter = ReturnType<typeof createTransport>;

/** The domain part of SMTP_FROM, for Message-IDs (`Name <a@b>` or `a@b`). */
function senderDomain(from: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match ? match[1] : 'followup.invalid';
}

/**
 * Email over SMTP with nodemailer (one transport per service, configured by SMTP_*). The Message-ID is
 * derived from the attempt's idempotency key, so a message that did go out is recognisable as the same
 * message by receivers and in the provider's logs. Every message carries a signed one-click unsubscribe link
 * (List-Unsubscribe, RFC 2369, with List-Unsubscribe-Post, RFC 8058), as bulk-sender rules require.
 */
@Injectable()
export class EmailAdapter implements ChannelAdapter, OnModuleDestroy {
  readonly channel = 'email' as const;
  private readonly transporter?: Transporter;
  private readonly from: string;
  private readonly subject: string;

  constructor(
    environment: Environment,
    private readonly unsubscribeLinks: UnsubscribeLinks,
  ) {
    this.from = environment.SMTP_FROM;
    this.subject = environment.EMAIL_SUBJECT;
    if (environment.SMTP_HOST) {
      this.transporter = createTransport({
        host: environment.SMTP_HOST,
        port: environment.SMTP_PORT,
        secure: environment.SMTP_SECURE,
        auth: environment.SMTP_USER ? { user: environment.SMTP_USER, pass: environment.SMTP_PASS ?? '' } : undefined,
        connectionTimeout: environment.SMTP_TIMEOUT_MS,
        greetingTimeout: environment.SMTP_TIMEOUT_MS,
        socketTimeout: environment.SMTP_TIMEOUT_MS,
        logger: false,
      });
    }
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    if (!this.transporter) return { status: 'permanent_failure', error_code: CHANNEL_NOT_CONFIGURED };
    try {
      const info = await this.transporter.sendMail({
        from: this.from,
        to: message.to,
        subject: this.subject,
        text: message.body,
        messageId: `<${message.idempotency_key.replace(/[^A-Za-z0-9.-]/g, '.')}@${senderDomain(this.from)}>`,
        headers: {
          'X-Followup-Idempotency-Key': message.idempotency_key,
          'List-Unsubscribe': `<${this.unsubscribeLinks.linkFor(message.tenant, message.lead_id)}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      });
      if (info.rejected.length > 0 && info.accepted.length === 0) return { status: 'permanent_failure', error_code: 'SMTP_REJECTED' };
      return { status: 'delivered', provider_message_id: info.messageId };
    } catch (error) {
      return classifySmtpError(error);
    }
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}
