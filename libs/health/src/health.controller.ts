import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, MongooseHealthIndicator } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { AuthenticatedUser, CurrentUser, OptionalAuthentication, Public } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { KafkaHealthIndicator } from './kafka.health';

type DependencyState = { status: 'up' | 'down'; reason?: 'timeout' | 'unreachable' };

/**
 * Each dependency up or down, and for a down one a one-word reason instead of the driver's error text
 * (which can name hosts, users and versions).
 */
export function dependencyStates(indicators: HealthIndicatorResult): Record<string, DependencyState> {
  return Object.fromEntries(
    Object.entries(indicators).map(([name, result]) => {
      if (result.status === 'up') return [name, { status: 'up' }];
      const text = typeof result.message === 'string' ? result.message : '';
      return [name, { status: 'down', reason: /time(d)? ?out/i.test(text) ? 'timeout' : 'unreachable' }];
    }),
  );
}

/**
 * Probes and load balancers call these without a token, so neither counts against a subject's budget. Only
 * /health/live skips the per-address limit too: /health/ready checks a token when one is sent, so it stays
 * behind the limit that keeps floods of forged tokens away from authentication.
 */
@ApiTags('health')
@SkipThrottle({ default: true })
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  @Get('live')
  @Public()
  @SkipThrottle({ default: true, address: true })
  @ApiOperation({ summary: 'The process is up' })
  live() {
    return { status: 'ok' };
  }

  /** Anonymous callers learn up or down; a caller with a valid token also which dependency and, in a word, why. */
  @Get('ready')
  @OptionalAuthentication()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary: 'MongoDB and Kafka answer: `{ status: up }`, or 503 with `details.status: down`; with a token, `checks` per dependency',
  })
  async ready(@CurrentUser() user: AuthenticatedUser | undefined) {
    const checks = dependencyStates(await this.checkDependencies());
    const status = Object.values(checks).every((check) => check.status === 'up') ? 'up' : 'down';
    const body = user ? { status, checks } : { status };
    if (status === 'down') throw new FollowupError(ErrorCode.ServiceUnavailable, 'A dependency of this service is unavailable.', body);
    return body;
  }

  private async checkDependencies(): Promise<HealthIndicatorResult> {
    try {
      return (await this.health.check([() => this.mongo.pingCheck('mongodb', { timeout: 3_000 }), () => this.kafka.isHealthy('kafka')]))
        .details;
    } catch (error) {
      // terminus throws a ServiceUnavailableException carrying the same result when a check is down
      const result = (error as { getResponse?: () => { details?: HealthIndicatorResult } }).getResponse?.();
      if (result?.details) return result.details;
      throw error;
    }
  }
}
