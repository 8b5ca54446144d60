import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { RepeatingPass } from '@followup/persistence';
import { RecommendationVersions } from './recommendation-versions';

/** How long a claimed step of a recommendation is kept (`recommendation_transitions`). */
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
      const forgotten = await this.versions.forgetClaimsBefore(new Date(now.getTime() - CLAIM_RETENTION_MS));
      if (forgotten > 0) this.logger.info({ forgotten }, 'old recommendation claims forgotten');
      return forgotten;
    } catch (error) {
      this.logger.warn({ error_name: (error as Error).name }, 'old recommendation claims not forgotten; next pass in an hour');
      return 0;
    }
  }
}
