import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MinLength,
  Min,
  validateSync,
} from 'class-validator';

export const ROLES = ['api', 'worker', 'all'] as const;
export type ProcessRole = (typeof ROLES)[number];

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

// Every variable the service reads. Validated once at boot; README and .env.example list them all.
export class AppConfig {
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postback_manager';

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsIn(ROLES, { message: `ROLE must be one of ${ROLES.join(', ')}` })
  ROLE: ProcessRole = 'all';

  // Absent = no bootstrap admin key (only keys stored in the database work).
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY?: string;

  @Transform(toBool)
  @IsBoolean()
  DB_MIGRATE_ON_START = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 20;

  // Redis key prefix of every queue; the braces make it one Redis Cluster hash slot.
  @Matches(/^\{[A-Za-z0-9_:-]+\}$/, { message: 'QUEUE_PREFIX must look like {name}' })
  QUEUE_PREFIX = '{pm}';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  // Conversions reported in another currency are converted through rates against this one.
  @Matches(/^[A-Z]{3}$/, { message: 'BASE_CURRENCY must be a 3-letter ISO 4217 code' })
  BASE_CURRENCY = 'USD';

  // Click batching on the hot path: one multi-row INSERT per batch, each request awaits its commit.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(5000)
  CLICK_BATCH_MAX_ROWS = 500;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  CLICK_BATCH_WAIT_MS = 2;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  CLICK_RETENTION_DAYS = 180;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  IMPRESSION_RETENTION_DAYS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  POSTBACK_LOG_RETENTION_DAYS = 90;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  INTAKE_LOG_RETENTION_DAYS = 90;

  // CIDRs opened despite the SSRF guard, e.g. 127.0.0.0/8 for development and tests.
  @IsString()
  POSTBACK_ALLOWED_CIDRS = '';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  POSTBACK_MAX_CONNECTIONS_PER_ORIGIN = 20;

  // Delays before attempts 1..n, e.g. "0,5s,5m,30m,2h,5h,10h,10h" (the SPEC default when empty).
  @IsString()
  DELIVERY_RETRY_SCHEDULE = '';

  // Deliveries in flight per worker process.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WORKER_CONCURRENCY = 100;

  // Which proxies' X-Forwarded-For to believe for the client IP: empty = none (the socket address),
  // "true" = any (only behind a proxy that overwrites the header), or a comma list of IPs/CIDRs.
  @IsString()
  TRUST_PROXY = '';

  // Management API requests per key per minute (per process); 0 turns the limit off.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  API_RATE_LIMIT_PER_MINUTE = 1200;

  // How often the sweeper looks for due deliveries that no queue job carries.
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SWEEPER_INTERVAL_MS = 30_000;
}

export class ConfigValidationError extends Error {}

const KNOWN_KEYS = Object.keys(new AppConfig()).concat('ADMIN_API_KEY');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable means "use the default", as in most .env tooling.
  const given: Record<string, string> = {};
  for (const key of KNOWN_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') given[key] = value;
  }
  const config = plainToInstance(AppConfig, given, { exposeDefaultValues: true });
  const errors = validateSync(config);
  if (errors.length > 0) {
    const lines = errors.map(
      (e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigValidationError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return config;
}
