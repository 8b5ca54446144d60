import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { Environment } from '@followup/config';
import { CHANNEL_NOT_CONFIGURED, ChannelAdapter, OutboundMessage, SendResult } from './channel-adapter';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { classifySmtpError } from './provider-errors';
import { breakerSettings, ChannelProvider, ProviderFailover } from './provider-failover';

type Transporter = ReturnType<typeof createTransport>;

const ignored = () => undefined;

/**
 * The messages whose SMTP transaction began. nodemailer tells its logger, just before it sends MAIL FROM, that it is
 * sending a message (`tnx: 'send'`, with the Message-ID); a connection lost before that carried nothing of the message.
 * Nothing is written anywhere: the logger only notes those Message-IDs.
 */
class TransactionsBegun {
  private readonly begun = new Set<string>();
  readonly logger = {
    info: (entry: { tnx?: unknown; messageId?: unknown }) => {
      if (entry.tnx === 'send' && typeof entry.messageId === 'string') this.begun.add(entry.messageId);
    },
    trace: ignored,
    debug: ignored,
    warn: ignored,
    error: ignored,
    fatal: ignored,
  };

  /** Whether the message's transaction began; forgets it. */
  take(messageId: string): boolean {
    return this.begun.delete(messageId);
  }
}

function smtpTransport(
  host: string | undefined,
  port: number,
  secure: boolean,
  user: string | undefined,
  pass: string | undefined,
  timeoutMs: number,
  transactions: TransactionsBegun,
): Transporter | undefined {
  if (!host) return undefined;
  return createTransport({
    host,
    port,
    secure,
    auth: user ? { user, pass: pass ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: transactions.logger,
  });
}

/** The domain part of SMTP_FROM, for Message-IDs (`Name <a@b>` or `a@b`). */
function senderDomain(from: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match ? match[1] : 'followup.invalid';
}

/**
 * Email over SMTP with nodemailer (one transport per relay: SMTP_*, and SMTP_FALLBACK_* when the first is down). The Message-ID is
 * derived from the attempt's idempotency key, so a message that did go out is recognisable as the same
 * message by receivers and in the provider's logs. Every message carries a signed one-click unsubscribe link
 * (List-Unsubscribe, RFC 2369, with List-Unsubscribe-Post, RFC 8058), as bulk-sender rules require.
 */
@Injectable()
export class EmailAdapter implements ChannelAdapter, OnModuleDestroy {
  readonly channel = 'email' as const;
  private readonly transporters: Transporter[] = [];
  private readonly transactions = new TransactionsBegun();
  private readonly providers: ProviderFailover;
  private readonly from: string;
  private readonly subject: string;

  constructor(
    environment: Environment,
    private readonly unsubscribeLinks: UnsubscribeLinks,
  ) {
    this.from = environment.SMTP_FROM;
    this.subject = environment.EMAIL_SUBJECT;
    const relays: Array<{ name: ChannelProvider['name']; transporter?: Transporter }> = [
      {
        name: 'primary',
        transporter: smtpTransport(
          environment.SMTP_HOST,
          environment.SMTP_PORT,
          environment.SMTP_SECURE,
          environment.SMTP_USER,
          environment.SMTP_PASS,
          environment.SMTP_TIMEOUT_MS,
          this.transactions,
        ),
      },
    ];
    if (environment.SMTP_FALLBACK_HOST) {
      relays.push({
        name: 'fallback',
        transporter: smtpTransport(
          environment.SMTP_FALLBACK_HOST,
          environment.SMTP_FALLBACK_PORT,
          environment.SMTP_FALLBACK_SECURE,
          environment.SMTP_FALLBACK_USER,
          environment.SMTP_FALLBACK_PASS,
          environment.SMTP_TIMEOUT_MS,
          this.transactions,
        ),
      });
    }
    for (const { transporter } of relays) if (transporter) this.transporters.push(transporter);
    this.providers = new ProviderFailover(
      this.channel,
      relays.map(({ name, transporter }) => ({ name, send: (message) => this.sendThrough(transporter, message) })),
      breakerSettings(environment),
    );
  }

  send(message: OutboundMessage): Promise<SendResult> {
    return this.providers.send(message);
  }

  private async sendThrough(transporter: Transporter | undefined, message: OutboundMessage): Promise<SendResult> {
    if (!transporter) return { status: 'permanent_failure', error_code: CHANNEL_NOT_CONFIGURED };
    const messageId = `<${message.idempotency_key.replace(/[^A-Za-z0-9.-]/g, '.')}@${senderDomain(this.from)}>`;
    try {
      const info = await transporter.sendMail({
        from: this.from,
        to: message.to,
        subject: this.subject,
        text: message.body,
        messageId,
        headers: {
          'X-Followup-Idempotency-Key': message.idempotency_key,
          'List-Unsubscribe': `<${this.unsubscribeLinks.linkFor(message.tenant, message.lead_id, message.to)}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      });
      this.transactions.take(messageId);
      if (info.rejected.length > 0 && info.accepted.length === 0) return { status: 'permanent_failure', error_code: 'SMTP_REJECTED' };
      return { status: 'delivered', provider_message_id: info.messageId };
    } catch (error) {
      return classifySmtpError(error, this.transactions.take(messageId));
    }
  }

  onModuleDestroy(): void {
    this.providers.shutdown();
    for (const transporter of this.transporters) transporter.close();
  }
}
