import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server (the `smtp-server` package) on a local port that keeps every message it accepts.
 * `rejectRecipients(code)` answers RCPT TO with that code (e.g. 550 permanent, 450 transient);
 * `delayAcceptance(ms)` keeps each message's final answer back that long, as a slow provider does (the
 * message is kept as soon as its data arrived: a client killed meanwhile does not unsend it);
 * `dropAfterData(true)` keeps each message and then closes the connection without answering, as a relay whose
 * link fails at that moment does.
 */
export class SmtpTestServer {
  readonly messages: ReceivedMail[] = [];
  private server?: SMTPServer;
  private rejectCode?: number;
  private acceptanceDelayMs = 0;
  private dropsAfterData = false;
  private connections = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => {
        this.connections += 1;
        callback();
      },
      onClose: () => {
        this.connections -= 1;
      },
      onRcptTo: (address, _session, callback) => {
        if (this.rejectCode) {
          const error = Object.assign(new Error('Recipient refused on demand'), { responseCode: this.rejectCode });
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          if (this.dropsAfterData) return this.connectionOf(session.id)?.destroy();
          setTimeout(() => callback(), this.acceptanceDelayMs);
        });
      },
    });
    // A client killed mid-session (the chaos run SIGKILLs the delivery service) resets its connection: not this server's failure.
    this.server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
  }

  /** SMTP sessions open now: sends under way. */
  get openSessions(): number {
    return this.connections;
  }

  get port(): number {
    return (this.server!.server.address() as AddressInfo).port;
  }

  /** The settings the delivery service needs to send through this server. */
  settings(): Record<string, unknown> {
    return {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: this.port,
      SMTP_SECURE: false,
      SMTP_FROM: 'Followup <followup@example.test>',
      SMTP_TIMEOUT_MS: 3000,
    };
  }

  rejectRecipients(code: number | undefined): void {
    this.rejectCode = code;
  }

  delayAcceptance(ms: number): void {
    this.acceptanceDelayMs = ms;
  }

  dropAfterData(drops: boolean): void {
    this.dropsAfterData = drops;
  }

  reset(): void {
    this.messages.length = 0;
    this.rejectCode = undefined;
    this.acceptanceDelayMs = 0;
    this.dropsAfterData = false;
  }

  /** The socket of a session (smtp-server keeps its connections, each with its session's id, in `connections`). */
  private connectionOf(sessionId: string): Socket | undefined {
    const connections = (this.server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections;
    return [...connections].find((connection) => connection.id === sessionId)?._socket;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
