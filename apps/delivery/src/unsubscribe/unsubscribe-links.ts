import { Injectable } from '@nestjs/common';
import { Environment } from '@followup/config';
import { signUnsubscribeToken, TokenCheck, verifyUnsubscribeToken } from './unsubscribe-token';
import { unsubscribeSecret } from './unsubscribe-secret';

export const UNSUBSCRIBE_PATH = '/api/v1/unsubscribe/email';

const DAY_SECONDS = 24 * 60 * 60;

/** The signed one-click unsubscribe link of a lead's emails, and the check of a token coming back from one. */
@Injectable()
export class UnsubscribeLinks {
  private readonly secret: string;
  private readonly baseUrl: string;
  private readonly ttlSeconds: number;

  constructor(environment: Environment) {
    this.secret = unsubscribeSecret(environment);
    this.baseUrl = environment.PUBLIC_BASE_URL.replace(/\/+$/, '');
    this.ttlSeconds = environment.UNSUBSCRIBE_TOKEN_TTL_DAYS * DAY_SECONDS;
  }

  /** The link of an email to `address`: a click opts out that address, whatever the lead's address is by then. */
  linkFor(tenant: string, leadId: string, address: string): string {
    const expiresAt = Math.floor(Date.now() / 1000) + this.ttlSeconds;
    const token = signUnsubscribeToken({ tenant, lead_id: leadId, address, expires_at: expiresAt }, this.secret);
    return `${this.baseUrl}${UNSUBSCRIBE_PATH}?token=${token}`;
  }

  check(token: string): TokenCheck {
    return verifyUnsubscribeToken(token, this.secret, Math.floor(Date.now() / 1000));
  }
}
