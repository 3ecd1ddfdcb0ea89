import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  isEmail,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MinLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidationArguments,
  validateSync,
} from 'class-validator';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
// The delivery feature's own parsers (pure), so boot accepts exactly what the services will.
import { parseCidrList } from '../common/cidr';
import { parseRetrySchedule } from '../common/retry-schedule';

// A cutoff further back than Date can hold would be an Invalid Date; a century is plenty.
const MAX_RETENTION_DAYS = 36_500;
const DAY_MS = 86_400_000;

export const ROLES = ['api', 'worker', 'all'] as const;
export type ProcessRole = (typeof ROLES)[number];

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

// Unset LOG_FORMAT: machines read production and piped output, people read a terminal.
export function defaultLogFormat(nodeEnv: string | undefined, stdoutIsTTY: boolean): LogFormat {
  return nodeEnv === 'production' || !stdoutIsTTY ? 'json' : 'pretty';
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];
// Anything else stays a string, so a typo such as "ture" fails instead of meaning false.
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return value;
};
// Plain decimal only: Number() would read "0x50" as 80 and "1e3" as 1000.
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value) : value;

// TRUST_PROXY as Fastify takes it: "" → nobody, "true" → any proxy, else the proxies' IPs/CIDRs
// (or proxy-addr's named ranges loopback, linklocal, uniquelocal).
const TRUST_PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
export function parseTrustProxy(value: string): boolean | string[] {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .flatMap((entry) => {
      const range = entry.toLowerCase();
      return TRUST_PROXY_RANGES.includes(range) ? [range] : parseCidrList(entry);
    });
}

const HOST_NAME =
  /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

function parseHost(value: string): string {
  if (isIP(value) === 0 && !HOST_NAME.test(value)) throw new Error(`"${value}" is neither`);
  return value;
}

function parseUrl(value: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('not a valid URL');
  }
  if (!protocols.includes(url.protocol)) throw new Error(`the scheme is ${url.protocol}`);
  return url;
}

// Where visitors and advertisers reach this service: the base of the tracking links and the
// advertisers' postback URLs. A path is kept (a service under /pm); a trailing slash is not.
export function parsePublicBaseUrl(value: string): string {
  const url = parseUrl(value, ['http:', 'https:']);
  if (url.hostname === '') throw new Error('no host');
  if (url.username !== '' || url.password !== '') throw new Error('credentials in the URL');
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(value)) {
    throw new Error('a query or fragment');
  }
  return url.href.replace(/\/+$/, '');
}

// The path names the database that start-up creates and migrates (src/database/migrate.ts).
function parseDatabaseUrl(value: string): URL {
  const url = parseUrl(value, ['postgres:', 'postgresql:']);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (name === '' || name.includes('/')) throw new Error('no database name in the path');
  return url;
}

// As src/queue/redis-connection.ts reads it: a host, and an optional database number as the path.
function parseRedisUrl(value: string): URL {
  const url = parseUrl(value, ['redis:', 'rediss:']);
  if (url.hostname === '') throw new Error('no host');
  if (!/^\/?(\d+)?$/.test(url.pathname)) throw new Error('the path must be a database number');
  return url;
}

function parseEmail(value: string): string {
  if (value.length > 254 || !isEmail(value)) throw new Error('not an email address');
  return value;
}

// As users' passwords (src/users/user.dto.ts).
function parseAdminPassword(value: string): string {
  if (value.length < 10) throw new Error(`${value.length} characters`);
  if (value.length > 200) throw new Error('over 200 characters');
  return value;
}

const adminUserGiven = (config: AppConfig) =>
  config.ADMIN_EMAIL !== undefined || config.ADMIN_PASSWORD !== undefined;

// Runs the value through the parser the service itself uses, so nothing can fail later on a
// value boot accepted; the parser's words (e.g. `Invalid CIDR "127.0.0.1/33"`) end the message.
function ParsesAs(parse: (value: string) => unknown, expected: string): PropertyDecorator {
  const failure = (value: unknown): string | undefined => {
    if (value === undefined) return 'not set';
    if (typeof value !== 'string') return 'not a string';
    try {
      parse(value);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
  return ValidateBy({
    name: 'parsesAs',
    validator: {
      validate: (value: unknown) => failure(value) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must be ${expected} (${failure(args?.value) ?? 'invalid'})`,
    },
  });
}

// Every variable the service reads. Validated once at boot; README and .env.example list them all.
export class AppConfig {
  @ParsesAs(
    parseDatabaseUrl,
    'a postgres:// URL naming a database, e.g. postgres://postgres@127.0.0.1:5432/postback_manager',
  )
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postback_manager';

  @ParsesAs(parseRedisUrl, 'a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379')
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @ParsesAs(parseHost, 'an IP address or a host name to listen on, e.g. 0.0.0.0')
  HOST = '0.0.0.0';

  // Empty = http://localhost:<PORT> (set by loadConfig); stored without a trailing slash.
  @ParsesAs(
    (value) => value === '' || parsePublicBaseUrl(value),
    'an absolute http(s) URL without query or fragment, e.g. https://track.example.com',
  )
  PUBLIC_BASE_URL = '';

  // Set by loadConfig: false when PUBLIC_BASE_URL is the localhost default, so links for people
  // (invites, portal links) use the request's own origin instead.
  publicBaseUrlGiven?: boolean;

  @IsIn(ROLES, { message: `ROLE must be one of ${ROLES.join(', ')}` })
  ROLE: ProcessRole = 'all';

  // ROLE=all: worker processes started beside this one (which then serves HTTP only), so API
  // and deliveries each have a core; 0 runs both in this one process.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(64)
  WORKER_PROCESSES = defaultWorkerProcesses();

  // Absent = no bootstrap admin key (only keys stored in the database work).
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY?: string;

  // The first admin user, created at start by an API process if no user has that email (an
  // existing user, its password included, is never changed). Both or neither.
  @ValidateIf(adminUserGiven)
  @ParsesAs(parseEmail, 'an email address, set together with ADMIN_PASSWORD')
  ADMIN_EMAIL?: string;

  @ValidateIf(adminUserGiven)
  @ParsesAs(parseAdminPassword, 'at least 10 characters, set together with ADMIN_EMAIL')
  ADMIN_PASSWORD?: string;

  @Transform(toBool)
  @IsBoolean({ message: 'DB_MIGRATE_ON_START must be true or false' })
  DB_MIGRATE_ON_START = true;

  // Each process rehearses clicks, conversions and deliveries on a throwaway schema before it
  // reports ready (src/warm-up-rehearsal.ts); false starts a few seconds sooner, slower at first.
  @Transform(toBool)
  @IsBoolean({ message: 'WARM_UP_REHEARSAL must be true or false' })
  WARM_UP_REHEARSAL = true;

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

  // Unset: json under NODE_ENV=production or when stdout is no terminal, else pretty (loadConfig).
  @IsIn(LOG_FORMATS, { message: `LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT: LogFormat = 'json';

  // An access line for every /click, /impression and /postback/:key request too.
  @Transform(toBool)
  @IsBoolean({ message: 'LOG_HOT_PATHS must be true or false' })
  LOG_HOT_PATHS = false;

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
  @Max(MAX_RETENTION_DAYS)
  CLICK_RETENTION_DAYS = 180;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_RETENTION_DAYS)
  IMPRESSION_RETENTION_DAYS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_RETENTION_DAYS)
  POSTBACK_LOG_RETENTION_DAYS = 90;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_RETENTION_DAYS)
  INTAKE_LOG_RETENTION_DAYS = 90;

  // CIDRs opened despite the SSRF guard, e.g. 127.0.0.0/8 for development and tests.
  @ParsesAs(parseCidrList, 'a comma-separated list of IPs or CIDRs, e.g. 127.0.0.0/8,::1/128')
  POSTBACK_ALLOWED_CIDRS = '';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  POSTBACK_MAX_CONNECTIONS_PER_ORIGIN = 20;

  // Delays before attempts 1..n, e.g. "0,5s,5m,30m,2h,5h,10h,10h" (the SPEC default when empty).
  @ParsesAs(
    (value) => value === '' || parseRetrySchedule(value),
    'comma-separated delays in ms or with a unit ms, s, m, h, e.g. 0,5s,5m,30m,2h',
  )
  DELIVERY_RETRY_SCHEDULE = '';

  // Deliveries in flight per worker process.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WORKER_CONCURRENCY = 100;

  // Which proxies' X-Forwarded-For to believe for the client IP: empty = none (the socket address),
  // "true" = any (only behind a proxy that overwrites the header), or a comma list of IPs/CIDRs.
  @ParsesAs(parseTrustProxy, 'empty, true, or a comma-separated list of IPs or CIDRs')
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
  @Max(DAY_MS)
  SWEEPER_INTERVAL_MS = 30_000;

  // delivery.failed notifications: at most one per rule in this window (SPEC §13).
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(DAY_MS)
  NOTIFICATION_FAILED_WINDOW_MS = 60_000;
}

export class ConfigValidationError extends Error {}

// The optional variables have no default, so no key on a fresh instance.
const KNOWN_KEYS = Object.keys(new AppConfig()).concat(
  'ADMIN_API_KEY',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
);

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  stdoutIsTTY = process.stdout.isTTY === true,
): AppConfig {
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
  config.publicBaseUrlGiven = config.PUBLIC_BASE_URL !== '';
  config.PUBLIC_BASE_URL =
    config.PUBLIC_BASE_URL === ''
      ? `http://localhost:${config.PORT}`
      : parsePublicBaseUrl(config.PUBLIC_BASE_URL);
  if (given.LOG_FORMAT === undefined) {
    config.LOG_FORMAT = defaultLogFormat(env.NODE_ENV, stdoutIsTTY);
  }
  return config;
}

// One worker process beside the API when the machine has a second core for it.
export function defaultWorkerProcesses(): number {
  return availableParallelism() > 1 ? 1 : 0;
}
