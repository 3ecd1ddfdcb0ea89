import { ConfigValidationError, loadConfig } from './app-config';

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

  it('ignores unrelated environment variables', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });
});
