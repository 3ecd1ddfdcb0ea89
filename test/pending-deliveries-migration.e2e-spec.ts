import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { PendingDeliveriesDue1764600000400 } from '../migrations/1764600000400-pending-deliveries-due';
import { randomToken } from '../src/common/ids';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ensureDatabaseExists, runMigrations } from '../src/database/migrate';
import { dropDatabase, queryAt, SERVER_URL } from './helpers/backing-services';

describe('Migration PendingDeliveriesDue (e2e)', () => {
  const name = `pm_mig_${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const url = `${SERVER_URL}/${name}`;
  afterAll(() => dropDatabase(name));

  it('ends the test fires left pending failed and gives every other pending delivery a due time, a delayed one its own', async () => {
    // The database as the versions before left it.
    await ensureDatabaseExists(url, true);
    const before = new DataSource({
      ...dataSourceOptions(url, 2),
      migrations: MIGRATIONS.filter((m) => m !== PendingDeliveriesDue1764600000400),
      logging: false,
    });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    await before.destroy();
    const [rule] = await queryAt(
      url,
      `INSERT INTO postbacks (name, type, method, url) VALUES ('r', 'click', 'GET', 'https://t.example/p')
       RETURNING id`,
    );
    const due = new Date(Date.now() + 3_600_000);
    const past = new Date(Date.now() - 3_600_000);
    // key, state, test, scheduled_for, next_attempt_at
    const rows: [string, string, boolean, Date, Date | null][] = [
      ['stuck-test', 'scheduled', true, past, null],
      ['stuck-retry', 'retrying', false, past, null],
      // A delayed delivery retried by hand before its time: it still waits for its time.
      ['stuck-delayed', 'scheduled', false, due, null],
      ['stuck-scheduled', 'scheduled', false, past, null],
      ['waiting', 'retrying', false, past, due],
      ['done', 'delivered', false, past, null],
    ];
    for (const [key, state, test, scheduledFor, nextAttemptAt] of rows) {
      await queryAt(
        url,
        `INSERT INTO deliveries (id, postback_id, type, trigger_key, state, test, snapshot,
                                 scheduled_for, next_attempt_at)
         VALUES (gen_random_uuid(), $1, 'click', $2, $3, $4, '{}', $5, $6)`,
        [rule.id, key, state, test, scheduledFor, nextAttemptAt],
      );
    }

    const migratedAt = Date.now();
    await runMigrations(url, true);
    const after = await queryAt(
      url,
      `SELECT trigger_key, state, next_attempt_at IS NOT NULL AS has_due, completed_at IS NOT NULL AS completed,
              next_attempt_at FROM deliveries ORDER BY trigger_key`,
    );
    expect(after.map(({ next_attempt_at: _, ...row }) => row)).toEqual([
      { trigger_key: 'done', state: 'delivered', has_due: false, completed: false },
      { trigger_key: 'stuck-delayed', state: 'scheduled', has_due: true, completed: false },
      { trigger_key: 'stuck-retry', state: 'retrying', has_due: true, completed: false },
      { trigger_key: 'stuck-scheduled', state: 'scheduled', has_due: true, completed: false },
      { trigger_key: 'stuck-test', state: 'failed', has_due: false, completed: true },
      { trigger_key: 'waiting', state: 'retrying', has_due: true, completed: false },
    ]);
    const dueAt = (key: string) =>
      after.find((row) => row.trigger_key === key).next_attempt_at.getTime();
    expect(dueAt('stuck-delayed')).toBe(due.getTime());
    // Stuck ones fall due when the migration ran, not at their old time in the past.
    expect(dueAt('stuck-retry')).toBeGreaterThanOrEqual(migratedAt - 1_000);
    expect(dueAt('stuck-scheduled')).toBeGreaterThanOrEqual(migratedAt - 1_000);
    expect(dueAt('waiting')).toBe(due.getTime());
  });
});
