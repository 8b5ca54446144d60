import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, MinLength, validateSync } from 'class-validator';
import { SERVICE_NAMES, ServiceName } from '@followup/contracts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DEVELOPMENT_JWT_SECRET = 'followup-development-secret-not-for-production';
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBoolean = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : typeof value === 'boolean'
      ? value
      : ['true', '1', 'yes'].includes(String(value).toLowerCase());

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

  /** When set, the service writes its JSON log lines to this file (appending) instead of stdout. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  LOG_FILE?: string;

  /** Audit: how often stored audit records whose publication to the audit topic is unconfirmed are published again. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  AUDIT_OUTBOX_RELAY_INTERVAL_MS = 5000;

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

  /** Gateway: where it forwards the routes other services own (compliance cases, call tasks, the audit API). */
  @IsUrl({ require_tld: false, require_protocol: true })
  COMPLIANCE_URL = 'http://127.0.0.1:3002';

  @IsUrl({ require_tld: false, require_protocol: true })
  DELIVERY_URL = 'http://127.0.0.1:3003';

  @IsUrl({ require_tld: false, require_protocol: true })
  AUDIT_URL = 'http://127.0.0.1:3004';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  FORWARD_TIMEOUT_MS = 10000;

  @IsString()
  @IsNotEmpty()
  HTTP_BODY_LIMIT = '256kb';

  /** Comma-separated browser origins allowed to call the HTTP API cross-origin (CORS); empty means none. */
  @IsString()
  CORS_ALLOWED_ORIGINS = '';

  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @IsOptional()
  @IsUrl({ require_tld: false })
  OPENAI_BASE_URL?: string;

  @IsString()
  @IsNotEmpty()
  OPENAI_MODEL = 'gpt-4o-mini';

  /** Delivery: the SMTP server email goes through; unset means the email channel is not configured. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SMTP_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 587;

  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  @Transform(toBoolean)
  @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASS?: string;

  @IsString()
  @IsNotEmpty()
  SMTP_FROM = 'Followup <no-reply@followup.invalid>';

  @IsString()
  @IsNotEmpty()
  EMAIL_SUBJECT = 'Following up';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  SMTP_TIMEOUT_MS = 10000;

  /** Delivery: base URL of a Twilio-style SMS API (`…/Accounts/{sid}/Messages.json`); unset means SMS is not configured. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  SMS_PROVIDER_URL?: string;

  @IsOptional()
  @IsString()
  SMS_ACCOUNT_SID?: string;

  @IsOptional()
  @IsString()
  SMS_AUTH_TOKEN?: string;

  @IsOptional()
  @IsString()
  SMS_FROM?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  SMS_TIMEOUT_MS = 5000;

  /** Delivery: tries on one channel for transient errors before falling back to the next channel. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  DELIVERY_MAX_TRIES_PER_CHANNEL = 3;

  /** Delivery: first retry delay; doubles on every further try. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DELIVERY_RETRY_BASE_DELAY_MS = 200;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  DELIVERY_RETRY_MAX_DELAY_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  OPENAI_TIMEOUT_MS = 6000;

  /** Retries of a failed call (timeouts, 429, 5xx) by the openai SDK itself. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5)
  OPENAI_MAX_RETRIES = 1;

  /** How many times an answer that is not the JSON the prompt asks for is asked again. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5)
  OPENAI_INVALID_OUTPUT_RETRIES = 1;

  /** How many pseudo-observations the tenant-and-tier prior weighs against a lead's own outcomes. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  CHANNEL_PRIOR_STRENGTH = 4;
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
