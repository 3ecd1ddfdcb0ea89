import { randomToken } from '../src/common/ids';
import { AppProcess, killAllProcesses, withProcessLogs } from './helpers/app-process';
import { dropDatabase, queryAt, REDIS_URL, SERVER_URL } from './helpers/backing-services';

// The service as `npm start` runs it, with one bad variable and a database that does not exist
// yet: it must refuse to start, name the variable, and leave PostgreSQL untouched (README,
// Configuration: "Validated once at boot").

const EXIT_TIMEOUT_MS = 90_000;
const names: string[] = [];

afterEach(() => killAllProcesses());

// A database created by a failing run must not outlive the test.
afterAll(async () => {
  for (const name of names) await dropDatabase(name);
});

async function databaseExists(name: string): Promise<boolean> {
  const rows = await queryAt(
    `${SERVER_URL}/postgres`,
    'SELECT 1 FROM pg_database WHERE datname = $1',
    [name],
  );
  return rows.length > 0;
}

describe('Configuration is validated before anything is touched (e2e)', () => {
  it.each([
    ['POSTBACK_ALLOWED_CIDRS', '127.0.0.1/33'],
    ['DELIVERY_RETRY_SCHEDULE', '0,5x'],
    ['TRUST_PROXY', '10.0.0.0/99'],
  ])(
    '%s=%s: exits non-zero naming it, before creating the database',
    async (variable, value) => {
      const suffix = randomToken(6)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, 'x');
      const database = `pm_config_${suffix}`;
      names.push(database);
      expect(await databaseExists(database)).toBe(false);

      await withProcessLogs(async () => {
        const app = await AppProcess.start(
          {
            DATABASE_URL: `${SERVER_URL}/${database}`,
            DB_MIGRATE_ON_START: 'true',
            REDIS_URL,
            QUEUE_PREFIX: `{pmconfig-${suffix}}`,
            HOST: '127.0.0.1',
            ADMIN_API_KEY: `admin-${randomToken(16)}`,
            LOG_LEVEL: 'info',
            [variable]: value,
          },
          { name: variable, ready: 'none' },
        );
        const exit = await app.exited;
        expect(exit.signal).toBeNull();
        expect(exit.code).not.toBe(0);
        expect(app.output).toContain(`${variable}:`);
        expect(app.output).toContain(value);
        expect(app.output).not.toContain('Created database');
        expect(await databaseExists(database)).toBe(false);
      }, EXIT_TIMEOUT_MS)();
    },
    EXIT_TIMEOUT_MS + 30_000,
  );
});
