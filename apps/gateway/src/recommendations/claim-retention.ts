import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { RepeatingPass } from '@followup/persistence';
import { LeadVersions } from '../leads/lead-versions';
import { RecommendationVersions } from './recommendation-versions';

/** How long a claimed step of a recommendation (`recommendation_transitions`) or version of a lead (`lead_version_claims`) is kept. */
export const CLAIM_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const PASS_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Every hour, forgets the claims older than CLAIM_RETENTION_MS. Each gateway instance runs it: a second deletion of
 * the same claims finds nothing, so no lease is needed.
 */
@Injectable()
export class ClaimRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly passes = new RepeatingPass(() => this.forgetOldClaims(), 0);

  constructor(
    private readonly versions: RecommendationVersions,
    private readonly leads: LeadVersions,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ClaimRetention.name);
  }

  onApplicationBootstrap(): void {
    this.passes.start(PASS_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }

  async forgetOldClaims(now = new Date()): Promise<number> {
    try {
      const cutoff = new Date(now.getTime() - CLAIM_RETENTION_MS);
      const forgotten = (await this.versions.forgetClaimsBefore(cutoff)) + (await this.leads.forgetClaimsBefore(cutoff));
      if (forgotten > 0) this.logger.info({ forgotten }, 'old claims forgotten');
      return forgotten;
    } catch (error) {
      this.logger.warn({ error_name: (error as Error).name }, 'old claims not forgotten; next pass in an hour');
      return 0;
    }
  }
}
