import { plainToInstance, Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsNotEmpty,
  IsOptional,
  Matches,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { SERVICE_NAMES, ServiceName } from '@followup/contracts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** Public (it is in the repository): accepted only where developmentDefaultAllowed says so. */
export const DEVELOPMENT_JWT_SECRET = 'followup-development-secret-not-for-production';
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
  /** Unset counts as neither development nor test: development defaults that grant access need it said explicitly. */
  @IsOptional()
  @IsIn(['development', 'test', 'production'])
  NODE_ENV?: 'development' | 'test' | 'production';

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

  @IsIn(['scram-sha-256', 'scram-sha-512'])
  KAFKA_SASL_MECHANISM: 'scram-sha-256' | 'scram-sha-512' = 'scram-sha-512';

  /**
   * The process's Kafka principal. Unset, each service uses its own development principal (`followup-<service>`,
   * tools `followup-admin`), accepted only where development defaults are allowed.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  KAFKA_SASL_USERNAME?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  KAFKA_SASL_PASSWORD?: string;

  /** TLS to the brokers, verified against the system's CAs or KAFKA_SSL_CA_FILE (which implies TLS). */
  @Transform(toBoolean)
  @IsBoolean()
  KAFKA_SSL = false;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  KAFKA_SSL_CA_FILE?: string;

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

  /**
   * Audit: the Ed25519 key that signs chain checkpoints (PKCS#8 PEM, or the base64 of its DER). Unset, the
   * development key is used where development defaults are allowed, and the service refuses to start elsewhere.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  AUDIT_SIGNING_PRIVATE_KEY?: string;

  /**
   * Audit: the public keys of earlier checkpoint signing keys (SPKI PEM blocks, or base64 DER comma-separated), so
   * the verification route still accepts the checkpoints they signed after a rotation.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS?: string;

  /** Audit: how often each tenant whose chain grew since its last checkpoint gets a signed checkpoint. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  AUDIT_CHECKPOINT_INTERVAL_MS = 300_000;

  /** `npm run audit:verify`: the checkpoint public key(s), SPKI PEM or base64 DER (comma-separated); --public-key <file> wins. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  AUDIT_VERIFY_PUBLIC_KEY?: string;

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

  /**
   * The console's OpenID Connect client id at the identity provider (JWT_ISSUER): with JWT_JWKS_URI, the console
   * signs people in with the authorization code flow and PKCE.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  CONSOLE_OIDC_CLIENT_ID?: string;

  /** A token must carry `iat` and `exp`, and `exp - iat` may not exceed this. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_MAX_TOKEN_AGE_SECONDS = 86_400;

  /** With JWT_JWKS_URI: how old the cached key set may grow before it is fetched again (in the background). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  JWT_JWKS_REFRESH_INTERVAL_SECONDS = 600;

  /**
   * With JWT_JWKS_URI: a token with a `kid` not in the key set fetches the set again only if no fetch was tried
   * within this interval; a `kid` the fetched set does not have is answered "unknown" from memory for the
   * refresh interval.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  JWT_JWKS_UNKNOWN_KID_REFRESH_SECONDS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX_REQUESTS = 120;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /**
   * Gateway: the Redis server (redis://[:password@]host:port[/db]) that holds the rate-limit counters of every
   * gateway instance, so the budgets hold however many run; unset, each process counts alone (one instance only).
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'RATE_LIMIT_REDIS_URL must be a redis:// or rediss:// URL' })
  RATE_LIMIT_REDIS_URL?: string;

  /** Gateway: requests per client address and window, counted before authentication (so 401s count too). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ADDRESS_RATE_LIMIT_MAX_REQUESTS = 1200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  ADDRESS_RATE_LIMIT_WINDOW_SECONDS = 60;

  /**
   * Gateway: comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed
   * (Express's `trust proxy`); empty means none, so the client address is the socket's peer.
   */
  @IsString()
  TRUSTED_PROXIES = '';

  /** Identical rejections (same code, reason and client address) are logged once per this interval, with a count. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REJECTION_LOG_INTERVAL_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  RECOMMENDATION_REPLY_TIMEOUT_MS = 8000;

  /**
   * Gateway: how long a request may wait for the recommender's answer before it is taken to the manual queue and the
   * sales managers are told (the spec's "AI service is unavailable"); an answer arriving later still completes it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS = 300_000;

  /**
   * Gateway: how many recommendation requests one instance handles at once (each until its answer or its reply
   * timeout); one more is refused at once with 503, nothing stored, so an overload cannot queue work past the timeout.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RECOMMENDATION_MAX_WAITING = 200;

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

  /** Gateway: the largest answer of a forwarded route it reads; a larger one is a 500 and is not buffered. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  FORWARD_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

  @IsString()
  @IsNotEmpty()
  HTTP_BODY_LIMIT = '256kb';

  /**
   * How long a service's shutdown may take after SIGTERM or SIGINT before the process exits anyway (code 1): below
   * the orchestrator's grace (compose's stop_grace_period, 30 s), above a consumer group's rebalance timeout (20 s).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SHUTDOWN_GRACE_MS = 25_000;

  /**
   * The service process's CPU niceness (0 to 19: the higher, the more it yields a shared CPU to the others). Unset, the
   * service's own default (libs/http process-priority.ts), or the niceness it was started with if higher: 0 for the
   * gateway and the recommender, which an HTTP caller waits on, 10 for compliance, delivery and audit, whose work no
   * caller waits on. Going below the niceness a process was started with needs a privilege (CAP_SYS_NICE).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(19)
  PROCESS_NICENESS?: number;

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

  /**
   * Delivery: the key the email provider signs its bounce webhooks with (HMAC-SHA256 of `timestamp` + `token`, as
   * Mailgun signs); unset, every bounce webhook is refused.
   */
  @IsOptional()
  @IsString()
  EMAIL_WEBHOOK_SIGNING_KEY?: string;

  @IsOptional()
  @IsString()
  SMS_FROM?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  SMS_TIMEOUT_MS = 5000;

  /** Delivery: a second Twilio-style SMS API, used when the first is down; unset means no fallback. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  SMS_FALLBACK_API_URL?: string;

  @IsOptional()
  @IsString()
  SMS_FALLBACK_ACCOUNT_SID?: string;

  @IsOptional()
  @IsString()
  SMS_FALLBACK_AUTH_TOKEN?: string;

  /** The fallback provider's sender number; SMS_FROM when unset. */
  @IsOptional()
  @IsString()
  SMS_FALLBACK_FROM?: string;

  /** Delivery: a second SMTP relay, used when the first is down; unset means no fallback. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SMTP_FALLBACK_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_FALLBACK_PORT = 587;

  @Transform(toBoolean)
  @IsBoolean()
  SMTP_FALLBACK_SECURE = false;

  @IsOptional()
  @IsString()
  SMTP_FALLBACK_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_FALLBACK_PASS?: string;

  /** Delivery, with a fallback provider: a provider's circuit opens at this failure percentage… */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  PROVIDER_BREAKER_ERROR_PERCENT = 50;

  /** …once at least this many sends fell in the rolling 10-second window… */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PROVIDER_BREAKER_VOLUME = 3;

  /** …and lets one trial send through after this long. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  PROVIDER_BREAKER_RESET_MS = 30000;

  /**
   * The public base URL of the API (the gateway, as the internet reaches it): unsubscribe links in emails point
   * there, and the SMS provider's request signatures are checked against it (the provider signs the URL it calls).
   */
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

  /**
   * Delivery: the key (32+ characters) that signs the unsubscribe links in emails. Unset, a public development key
   * is used where development defaults are allowed, and delivery refuses to start elsewhere.
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  UNSUBSCRIBE_TOKEN_SECRET?: string;

  /** Delivery: how long an email's unsubscribe link stays valid. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  UNSUBSCRIBE_TOKEN_TTL_DAYS = 90;

  /**
   * Delivery: which tenant's leads text each receiving number, `tenant=+E164` pairs, comma-separated (a number
   * shared by several tenants is listed once per tenant). An inbound STOP to a number opts the sender out in each.
   */
  @IsString()
  SMS_INBOUND_NUMBERS = '';

  /** Delivery: opt-out words a tenant adds to the standard ones, `tenant=WORD|WORD`, comma-separated. */
  @IsString()
  SMS_EXTRA_OPT_OUT_KEYWORDS = '';

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

  /** Scheduled jobs (deferred sends, retries): how often a service looks for due jobs. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  SCHEDULER_POLL_INTERVAL_MS = 1000;

  /** How long a claimed job is an instance's own before another instance may take it over (it died). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SCHEDULER_LEASE_MS = 60000;

  /**
   * Tests only (NODE_ENV=test): a file holding milliseconds to add to the real time, so a test can move the
   * services' clock forward (a send deferred to 08:00 goes out when the file says it is 08:00).
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  TEST_CLOCK_FILE?: string;

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

  /** The longest answer the LLM may write, in tokens (the two fields fit in 1,600 characters). */
  @Transform(toInt)
  @IsInt()
  @Min(64)
  @Max(4096)
  OPENAI_MAX_TOKENS = 600;

  /** How many pseudo-observations the tenant-and-tier prior weighs against a lead's own outcomes. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  CHANNEL_PRIOR_STRENGTH = 4;

  /** Priority = 100 × P(the lead responds to the next follow-up within this many days); also the training label's window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  PRIORITY_HORIZON_DAYS = 14;

  /** How often the recommender retrains its priority models (0: only on demand, `npm run model:retrain`). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PRIORITY_MODEL_RETRAIN_INTERVAL_MS = 21_600_000;

  /**
   * Compliance: the regions (ISO 3166-1 alpha-2, comma-separated) whose national phone formats the tenant's
   * drafts are read in, besides the lead's own country. The same list as libs/pii's DEFAULT_PHONE_REGIONS.
   */
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((code) => code.trim().toUpperCase()) : value))
  @ArrayNotEmpty()
  @IsISO31661Alpha2({ each: true })
  PII_DEFAULT_REGIONS: string[] = ['US', 'GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'PT', 'IN', 'CA'];
}

export class InvalidEnvironmentError extends Error {}

type Setting = keyof Environment;

/**
 * The settings only one service reads. A service validates these of its own and every setting listed under
 * no service (the bus, the database, logging, HTTP, tokens), so a mistyped SMTP port stops delivery and not
 * the gateway. A new setting is shared until it is listed here.
 */
export const SERVICE_SETTINGS: Record<ServiceName, readonly Setting[]> = {
  gateway: [
    'CONSOLE_OIDC_CLIENT_ID',
    'RATE_LIMIT_MAX_REQUESTS',
    'RATE_LIMIT_WINDOW_SECONDS',
    'RATE_LIMIT_REDIS_URL',
    'ADDRESS_RATE_LIMIT_MAX_REQUESTS',
    'ADDRESS_RATE_LIMIT_WINDOW_SECONDS',
    'TRUSTED_PROXIES',
    'RECOMMENDATION_REPLY_TIMEOUT_MS',
    'RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS',
    'RECOMMENDATION_MAX_WAITING',
    'COMPLIANCE_URL',
    'DELIVERY_URL',
    'AUDIT_URL',
    'FORWARD_TIMEOUT_MS',
    'FORWARD_MAX_RESPONSE_BYTES',
  ],
  recommender: [
    'OPENAI_API_KEY',
    'OPENAI_BASE_URL',
    'OPENAI_MODEL',
    'OPENAI_TIMEOUT_MS',
    'OPENAI_MAX_RETRIES',
    'OPENAI_INVALID_OUTPUT_RETRIES',
    'OPENAI_MAX_TOKENS',
    'CHANNEL_PRIOR_STRENGTH',
    'PRIORITY_HORIZON_DAYS',
    'PRIORITY_MODEL_RETRAIN_INTERVAL_MS',
    'PII_DEFAULT_REGIONS',
  ],
  compliance: ['PII_DEFAULT_REGIONS'],
  delivery: [
    'SMTP_HOST',
    'SMTP_PORT',
    'SMTP_SECURE',
    'SMTP_USER',
    'SMTP_PASS',
    'SMTP_FROM',
    'EMAIL_SUBJECT',
    'SMTP_TIMEOUT_MS',
    'SMS_PROVIDER_URL',
    'SMS_ACCOUNT_SID',
    'SMS_AUTH_TOKEN',
    'EMAIL_WEBHOOK_SIGNING_KEY',
    'SMS_FROM',
    'SMS_TIMEOUT_MS',
    'SMS_FALLBACK_API_URL',
    'SMS_FALLBACK_ACCOUNT_SID',
    'SMS_FALLBACK_AUTH_TOKEN',
    'SMS_FALLBACK_FROM',
    'SMTP_FALLBACK_HOST',
    'SMTP_FALLBACK_PORT',
    'SMTP_FALLBACK_SECURE',
    'SMTP_FALLBACK_USER',
    'SMTP_FALLBACK_PASS',
    'PROVIDER_BREAKER_ERROR_PERCENT',
    'PROVIDER_BREAKER_VOLUME',
    'PROVIDER_BREAKER_RESET_MS',
    'PUBLIC_BASE_URL',
    'UNSUBSCRIBE_TOKEN_SECRET',
    'UNSUBSCRIBE_TOKEN_TTL_DAYS',
    'SMS_INBOUND_NUMBERS',
    'SMS_EXTRA_OPT_OUT_KEYWORDS',
    'DELIVERY_MAX_TRIES_PER_CHANNEL',
    'DELIVERY_RETRY_BASE_DELAY_MS',
    'DELIVERY_RETRY_MAX_DELAY_MS',
    'SCHEDULER_POLL_INTERVAL_MS',
    'SCHEDULER_LEASE_MS',
  ],
  audit: ['AUDIT_SIGNING_PRIVATE_KEY', 'AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS', 'AUDIT_CHECKPOINT_INTERVAL_MS', 'AUDIT_VERIFY_PUBLIC_KEY'],
};

/** Whether the service (or, without one, a tool that reads every setting) validates the setting. */
function validatedFor(setting: string, service: ServiceName | undefined): boolean {
  if (service === undefined) return true;
  return Object.entries(SERVICE_SETTINGS).every(([owner, settings]) => owner === service || !settings.includes(setting as Setting));
}

/**
 * Validates raw variables (process.env plus overrides): with a service, only the settings it reads (see
 * SERVICE_SETTINGS), without one every setting. An empty value counts as unset (docker compose passes '' for a
 * variable the host does not set), so the setting's default or absence applies.
 */
export function validateEnvironment(raw: Record<string, unknown>, service?: ServiceName): Environment {
  const given = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const environment = plainToInstance(Environment, given, { exposeDefaultValues: true });
  const problems = validateSync(environment, { whitelist: false })
    .filter((error) => validatedFor(error.property, service))
    .map((error) => `${error.property}: ${Object.values(error.constraints ?? {}).join(', ')}`);
  if (Boolean(environment.KAFKA_SASL_USERNAME) !== Boolean(environment.KAFKA_SASL_PASSWORD)) {
    problems.push('KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD: set both or neither');
  }
  if (
    validatedFor('RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS', service) &&
    environment.RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS <= environment.RECOMMENDATION_REPLY_TIMEOUT_MS
  ) {
    problems.push(
      'RECOMMENDATION_QUEUE_UNANSWERED_AFTER_MS: must be longer than RECOMMENDATION_REPLY_TIMEOUT_MS (a request whose caller still waits is not unanswered)',
    );
  }
  if (environment.TEST_CLOCK_FILE && environment.NODE_ENV !== 'test') {
    problems.push('TEST_CLOCK_FILE: a movable clock is accepted only with NODE_ENV=test');
  }
  if (problems.length > 0) {
    throw new InvalidEnvironmentError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return environment;
}

const LOOPBACK_HOSTS = ['localhost', '::1', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Why a built-in development default that grants access (the JWT secret, any development credential or
 * signing key) may not be used with these settings, or undefined when it may: only with NODE_ENV said to be
 * `development` or `test` and the HTTP listener (HOST) on loopback.
 */
export function developmentDefaultRefusal(environment: Pick<Environment, 'NODE_ENV' | 'HOST'>): string | undefined {
  if (environment.NODE_ENV !== 'development' && environment.NODE_ENV !== 'test') {
    return `NODE_ENV is ${environment.NODE_ENV ?? 'unset'}, not development or test`;
  }
  if (!isLoopbackHost(environment.HOST)) return `HOST ${environment.HOST} is not a loopback address`;
  return undefined;
}

export function developmentDefaultAllowed(environment: Pick<Environment, 'NODE_ENV' | 'HOST'>): boolean {
  return developmentDefaultRefusal(environment) === undefined;
}

/** The settings that still hold a development default granting access while these settings forbid it. */
export function forbiddenDevelopmentDefaults(environment: Environment): string[] {
  const refusal = developmentDefaultRefusal(environment);
  if (refusal === undefined) return [];
  const problems: string[] = [];
  if (environment.JWT_SECRET === DEVELOPMENT_JWT_SECRET && !environment.JWT_JWKS_URI) {
    problems.push(
      `JWT_SECRET: the built-in development secret is public and accepted only with NODE_ENV=development or test and HOST on loopback (${refusal}); set JWT_SECRET (32+ characters) or JWT_JWKS_URI`,
    );
  }
  if (!environment.KAFKA_SASL_USERNAME) {
    problems.push(
      `KAFKA_SASL_USERNAME: the development Kafka credentials are public and accepted only with NODE_ENV=development or test and HOST on loopback (${refusal}); set KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
    );
  }
  return problems;
}

/** What a service runs at start-up: refuses, naming each setting and why, when a development default would grant access. */
export function refuseForbiddenDevelopmentDefaults(environment: Environment): void {
  const problems = forbiddenDevelopmentDefaults(environment);
  if (problems.length > 0) {
    throw new InvalidEnvironmentError(`Refusing to start:\n  ${problems.join('\n  ')}`);
  }
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
