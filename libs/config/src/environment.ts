import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, MinLength, validateSync } from 'class-validator';
import { SERVICE_NAMES, ServiceName } from '@followup/contracts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DEVELOPMENT_JWT_SECRET = 'followup-development-secret-not-for-production';
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 3000,
  recommender: 3001,
  compliance: 3002,
  delivery: 3003,
  audit: 3004,
};

/** Every setting of every service, validated at start-up; README's configuration table lists the same. */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  @IsString()
  @IsNotEmpty()
  KAFKA_BROKERS = '127.0.0.1:9092';

  @IsString()
  KAFKA_TOPIC_PREFIX = '';

  @IsString()
  @IsNotEmpty()
  MONGO_URL = 'mongodb://127.0.0.1:27017';

  @IsString()
  @IsNotEmpty()
  MONGO_DB_PREFIX = 'followup_';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsString()
  @MinLength(32)
  JWT_SECRET = DEVELOPMENT_JWT_SECRET;

  @IsOptional()
  @IsUrl({ require_tld: false })
  JWT_JWKS_URI?: string;

  @IsString()
  @IsNotEmpty()
  JWT_ISSUER = 'followup-dev';

  @IsString()
  @IsNotEmpty()
  JWT_AUDIENCE = 'followup-api';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX_REQUESTS = 120;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  RECOMMENDATION_REPLY_TIMEOUT_MS = 8000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  OUTBOX_RELAY_INTERVAL_MS = 5000;

  @IsString()
  @IsNotEmpty()
  HTTP_BODY_LIMIT = '256kb';

  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @IsOptional()
  @IsUrl({ require_tld: false })
  OPENAI_BASE_URL?: string;

  @IsString()
  @IsNotEmpty()
  OPENAI_MODEL = 'gpt-4o-mini';
}

export class InvalidEnvironmentError extends Error {}

/** Validates raw variables (process.env plus overrides); a production deployment must set its own JWT secret. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const environment = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const problems = validateSync(environment, { whitelist: false }).map(
    (error) => `${error.property}: ${Object.values(error.constraints ?? {}).join(', ')}`,
  );
  if (environment.NODE_ENV === 'production' && environment.JWT_SECRET === DEVELOPMENT_JWT_SECRET && !environment.JWT_JWKS_URI) {
    problems.push('JWT_SECRET: production needs its own secret (or JWT_JWKS_URI)');
  }
  if (problems.length > 0) {
    throw new InvalidEnvironmentError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return environment;
}

export function databaseName(environment: Environment, service: ServiceName): string {
  return `${environment.MONGO_DB_PREFIX}${service}`;
}

export function httpPort(environment: Environment, service: ServiceName): number {
  return environment.PORT ?? DEFAULT_PORTS[service];
}

export function kafkaBrokers(environment: Environment): string[] {
  return environment.KAFKA_BROKERS.split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}

export { SERVICE_NAMES };
