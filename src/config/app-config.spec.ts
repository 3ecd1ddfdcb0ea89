import os from 'node:os';
import { ConfigValidationError, loadConfig, parseTrustProxy } from './app-config';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      ROLE: 'all',
      DB_MIGRATE_ON_START: true,
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: '{pm}',
    });
    expect(config.ADMIN_API_KEY).toBeUndefined();
  });

  it('parses numbers and booleans from strings and treats empty as unset', () => {
    const config = loadConfig({
      PORT: '8080',
      DB_MIGRATE_ON_START: 'false',
      ROLE: 'worker',
      ADMIN_API_KEY: '',
    });
    expect(config.PORT).toBe(8080);
    expect(config.DB_MIGRATE_ON_START).toBe(false);
    expect(config.ROLE).toBe('worker');
    expect(config.ADMIN_API_KEY).toBeUndefined();
  });

  it('starts one worker process beside the HTTP process when the machine has a second core', () => {
    const cores = jest.spyOn(os, 'availableParallelism');
    try {
      cores.mockReturnValue(2);
      expect(loadConfig({ WORKER_PROCESSES: '' }).WORKER_PROCESSES).toBe(1);
      cores.mockReturnValue(1);
      expect(loadConfig({}).WORKER_PROCESSES).toBe(0);
    } finally {
      cores.mockRestore();
    }
    expect(loadConfig({ WORKER_PROCESSES: '3' }).WORKER_PROCESSES).toBe(3);
    expect(() => loadConfig({ WORKER_PROCESSES: '-1' })).toThrow(/WORKER_PROCESSES:/);
  });

  it('fails fast naming every bad variable at once', () => {
    const attempt = () =>
      loadConfig({
        PORT: 'eighty',
        ROLE: 'scheduler',
        DATABASE_URL: 'mysql://x',
        ADMIN_API_KEY: 'short',
        QUEUE_PREFIX: 'pm',
      });
    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['PORT', 'ROLE', 'DATABASE_URL', 'ADMIN_API_KEY', 'QUEUE_PREFIX']) {
        expect(message).toContain(`${name}:`);
      }
    }
  });

  it('defaults PUBLIC_BASE_URL to localhost on PORT and drops a trailing slash', () => {
    expect(loadConfig({}).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).PUBLIC_BASE_URL).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://Track.Example.com/' }).PUBLIC_BASE_URL).toBe(
      'https://track.example.com',
    );
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://net.example/pm/' }).PUBLIC_BASE_URL).toBe(
      'https://net.example/pm',
    );
  });

  it('defaults LOG_FORMAT to json in production or off a terminal, else pretty', () => {
    expect(loadConfig({}, true).LOG_FORMAT).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'development' }, true).LOG_FORMAT).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'production' }, true).LOG_FORMAT).toBe('json');
    expect(loadConfig({}, false).LOG_FORMAT).toBe('json');
    expect(loadConfig({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }, false).LOG_FORMAT).toBe(
      'pretty',
    );
    expect(loadConfig({ LOG_FORMAT: 'json' }, true).LOG_FORMAT).toBe('json');
  });

  it('leaves the hot paths out of the access log unless LOG_HOT_PATHS is true', () => {
    expect(loadConfig({}).LOG_HOT_PATHS).toBe(false);
    expect(loadConfig({ LOG_HOT_PATHS: 'true' }).LOG_HOT_PATHS).toBe(true);
    expect(loadConfig({ LOG_HOT_PATHS: 'off' }).LOG_HOT_PATHS).toBe(false);
  });

  it('takes ADMIN_EMAIL and ADMIN_PASSWORD together or not at all', () => {
    const both = loadConfig({ ADMIN_EMAIL: 'boss@net.example', ADMIN_PASSWORD: 'ten chars!' });
    expect(both).toMatchObject({ ADMIN_EMAIL: 'boss@net.example', ADMIN_PASSWORD: 'ten chars!' });
    expect(loadConfig({}).ADMIN_EMAIL).toBeUndefined();
    const failure = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(failure({ ADMIN_EMAIL: 'boss@net.example' })).toContain(
      'ADMIN_PASSWORD: ADMIN_PASSWORD must be at least 10 characters, set together with ADMIN_EMAIL (not set)',
    );
    expect(failure({ ADMIN_PASSWORD: 'long enough password' })).toContain(
      'ADMIN_EMAIL: ADMIN_EMAIL must be an email address, set together with ADMIN_PASSWORD (not set)',
    );
    expect(failure({ ADMIN_EMAIL: 'boss@net.example', ADMIN_PASSWORD: 'short' })).toContain(
      'ADMIN_PASSWORD must be at least 10 characters, set together with ADMIN_EMAIL (5 characters)',
    );
    expect(failure({ ADMIN_EMAIL: 'boss', ADMIN_PASSWORD: 'long enough password' })).toContain(
      '(not an email address)',
    );
  });

  it('remembers whether PUBLIC_BASE_URL was set (links for people fall back to the request)', () => {
    expect(loadConfig({}).publicBaseUrlGiven).toBe(false);
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://net.example' }).publicBaseUrlGiven).toBe(true);
  });

  it('ignores unrelated environment variables', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });

  // Each of these used to pass loadConfig and fail only once a service parsed it, after the
  // database had been created and migrated (issue 12, item 8).
  it.each([
    ['POSTBACK_ALLOWED_CIDRS', '127.0.0.1/33', 'Invalid CIDR "127.0.0.1/33"'],
    ['POSTBACK_ALLOWED_CIDRS', '127.0.0.0/8,localhost', 'Invalid CIDR "localhost"'],
    ['DELIVERY_RETRY_SCHEDULE', '0,5x', 'Invalid retry schedule entry "5x"'],
    ['DELIVERY_RETRY_SCHEDULE', '0,5s,', 'Invalid retry schedule entry ""'],
    ['TRUST_PROXY', '10.0.0.0/99', 'Invalid CIDR "10.0.0.0/99"'],
    ['TRUST_PROXY', 'yes', 'Invalid CIDR "yes"'],
    ['DATABASE_URL', 'postgres://[::1', 'not a valid URL'],
    ['DATABASE_URL', 'postgres://127.0.0.1:5432/', 'no database name'],
    ['DATABASE_URL', 'mysql://127.0.0.1/db', 'the scheme is mysql:'],
    ['REDIS_URL', 'redis://', 'no host'],
    ['REDIS_URL', 'redis://127.0.0.1:6379/cache', 'database number'],
    ['HOST', 'not a host!', 'is neither'],
    ['DB_MIGRATE_ON_START', 'ture', 'true or false'],
    ['PORT', '0x50', 'integer'],
    ['LOG_FORMAT', 'text', 'must be one of json, pretty'],
    ['LOG_FORMAT', 'JSON', 'must be one of json, pretty'],
    ['LOG_HOT_PATHS', 'always', 'true or false'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of'],
    ['WORKER_CONCURRENCY', '1e2', 'integer'],
    ['CLICK_RETENTION_DAYS', '100000000', 'must not be greater than'],
    ['SWEEPER_INTERVAL_MS', '99999999999', 'must not be greater than'],
    ['NOTIFICATION_FAILED_WINDOW_MS', '10', 'must not be less than'],
    ['PUBLIC_BASE_URL', 'track.example.com', 'not a valid URL'],
    ['PUBLIC_BASE_URL', 'ftp://track.example.com', 'the scheme is ftp:'],
    ['PUBLIC_BASE_URL', 'https://track.example.com/?a=1', 'a query or fragment'],
    ['PUBLIC_BASE_URL', 'https://track.example.com/#top', 'a query or fragment'],
    ['PUBLIC_BASE_URL', 'https://track.example.com?', 'a query or fragment'],
    ['PUBLIC_BASE_URL', 'https://user:pw@track.example.com', 'credentials'],
  ])('refuses %s=%s, naming the variable and what is wrong', (name, value, reason) => {
    let message = '';
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      message = (error as Error).message;
    }
    expect(message).toContain(`${name}:`);
    expect(message).toContain(reason);
  });

  it.each([
    ['POSTBACK_ALLOWED_CIDRS', '127.0.0.0/8, ::1/128,10.1.2.3'],
    ['DELIVERY_RETRY_SCHEDULE', '0,5s,5m,30m,2h,5h,10h,10h'],
    ['DELIVERY_RETRY_SCHEDULE', '0,100,200'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '10.0.0.0/8,192.168.1.7,loopback'],
    ['DATABASE_URL', 'postgresql://user:p%40ss@db.internal:6432/pm?sslmode=require'],
    ['REDIS_URL', 'rediss://:secret@redis.internal:6380/2'],
    ['HOST', '::'],
    ['HOST', 'localhost'],
    ['DB_MIGRATE_ON_START', 'off'],
  ])('accepts %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).not.toThrow();
  });
});

describe('parseTrustProxy', () => {
  it('reads empty and false as nobody, true as any proxy', () => {
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy(' false ')).toBe(false);
    expect(parseTrustProxy('TRUE')).toBe(true);
  });

  it('hands Fastify canonical CIDRs and the named ranges', () => {
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.7 ,::1,Loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7/32',
      '::1/128',
      'loopback',
    ]);
  });

  it('throws on an entry Fastify would refuse at start', () => {
    expect(() => parseTrustProxy('10.0.0.0/99')).toThrow('10.0.0.0/99');
  });
});
