import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomToken } from '../src/common/ids';
import { MIGRATIONS } from '../migrations';
import { dropDatabase, queryAt, SERVER_URL } from './helpers/backing-services';

// The one-shot migration command (docker-compose's `migrate` service): a real process that
// creates and migrates the database, then exits; run again, it has nothing to do.

const database = `pm_migrate_${randomToken(6)
  .toLowerCase()
  .replace(/[^a-z0-9]/g, 'x')}`;

afterAll(() => dropDatabase(database));

function runMigrateCommand(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join('src', 'migrate.ts')],
    {
      cwd: join(__dirname, '..'),
      env: { ...process.env, LOG_FORMAT: 'json', ...env },
      stdio: 'pipe',
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('Migrate command (e2e)', () => {
  it('creates and migrates the database, exits 0, and finds nothing to do the second time', async () => {
    const env = { DATABASE_URL: `${SERVER_URL}/${database}` };
    const first = await runMigrateCommand(env);
    expect(first.code).toBe(0);
    expect(first.output).toContain(`${MIGRATIONS.length} migrations applied`);
    const rows = await queryAt(
      env.DATABASE_URL,
      'SELECT count(*)::int AS n FROM typeorm_migrations',
    );
    expect(rows).toEqual([{ n: MIGRATIONS.length }]);

    const second = await runMigrateCommand(env);
    expect(second.code).toBe(0);
    expect(second.output).toContain('No migration pending');
  }, 120_000);

  it('exits 1 naming a bad variable', async () => {
    const bad = await runMigrateCommand({ DATABASE_URL: 'not a url' });
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('DATABASE_URL');
  }, 60_000);
});
