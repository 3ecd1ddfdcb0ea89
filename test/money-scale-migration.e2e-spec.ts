import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { MoneyScale81764600000200 } from '../migrations/1764600000200-money-scale-8';
import { randomToken } from '../src/common/ids';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ensureDatabaseExists, runMigrations } from '../src/database/migrate';
import { dropDatabase, queryAt, SERVER_URL } from './helpers/backing-services';

const MONEY = {
  offers: ['payout', 'revenue'],
  conversions: ['payout', 'revenue', 'original_payout', 'original_revenue'],
};

// Migration MoneyScale8 on a database the versions before left, with money in it.
describe('Migration MoneyScale8 (e2e)', () => {
  const name = `pm_mig_${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const url = `${SERVER_URL}/${name}`;
  const sql = (text: string, params: unknown[] = []) => queryAt(url, text, params);
  afterAll(() => dropDatabase(name));

  const fileNodes = async () =>
    sql(`SELECT pg_relation_filenode('offers') AS offers,
                pg_relation_filenode('conversions') AS conversions`);
  const columnTypes = async () =>
    (
      await sql(
        `SELECT attrelid::regclass::text || '.' || attname || ' ' ||
                format_type(atttypid, atttypmod) AS col
           FROM pg_attribute
          WHERE attrelid IN ('offers'::regclass, 'conversions'::regclass)
            AND attname IN ('payout', 'revenue', 'original_payout', 'original_revenue')
          ORDER BY 1`,
      )
    ).map((r) => r.col);
  const checks = async () =>
    sql(
      `SELECT conname, convalidated FROM pg_constraint
        WHERE contype = 'c' AND conrelid IN ('offers'::regclass, 'conversions'::regclass)
          AND (conname LIKE '%payout%' OR conname LIKE '%revenue%')
        ORDER BY conname`,
    );
  const moneyOf = async () =>
    sql(
      `SELECT o.payout::text AS op, o.revenue::text AS orv, c.payout::text AS cp,
              c.revenue::text AS crv, c.original_payout::text AS cop
         FROM offers o JOIN conversions c ON c.offer_id = o.id ORDER BY c.transaction_id`,
    );

  it('keeps every table in place, checks scale and range, and goes back down', async () => {
    await ensureDatabaseExists(url, true);
    const before = new DataSource({
      ...dataSourceOptions(url, 2),
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(MoneyScale81764600000200)),
      logging: false,
    });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    await before.destroy();
    const [advertiser] = await sql(
      `INSERT INTO advertisers (name, postback_key) VALUES ('a', 'k') RETURNING id`,
    );
    const [offer] = await sql(
      `INSERT INTO offers (name, advertiser_id, url, payout, revenue, currency)
       VALUES ('o', $1, 'https://a.example/', 12.5, 20.1234, 'USD') RETURNING id`,
      [advertiser.id],
    );
    const conversion = (tid: string, payout: string, original: string | null) =>
      sql(
        `INSERT INTO conversions (id, transaction_id, offer_id, publisher_id, advertiser_id,
                                  status, payout, revenue, currency, original_payout)
         VALUES (gen_random_uuid(), $1, $2, 1, $3, 'approved', $4, 0, 'USD', $5)`,
        [tid, offer.id, advertiser.id, payout, original],
      );
    await conversion('t1', '13.5', '12.5');
    const nodes = await fileNodes();

    await runMigrations(url, true);

    // Not rewritten: the same files, the values as they were stored.
    expect(await fileNodes()).toEqual(nodes);
    expect(await columnTypes()).toEqual([
      'conversions.original_payout numeric',
      'conversions.original_revenue numeric',
      'conversions.payout numeric',
      'conversions.revenue numeric',
      'offers.payout numeric',
      'offers.revenue numeric',
    ]);
    expect(await moneyOf()).toEqual([
      { op: '12.5000', orv: '20.1234', cp: '13.5000', crv: '0.0000', cop: '12.5000' },
    ]);
    // The old `>= 0` checks are folded into validated scale-and-range checks.
    expect(await checks()).toEqual(
      Object.entries(MONEY)
        .flatMap(([table, columns]) =>
          columns.map((c) => ({ conname: `${table}_${c}_money_check`, convalidated: true })),
        )
        .sort((a, b) => a.conname.localeCompare(b.conname)),
    );

    // 8 decimals and 18 integer digits fit; a 9th decimal, a 19th digit or a sign do not.
    await conversion('t2', '999999999999999999.99999999', '0.12345678');
    for (const [payout, original] of [
      ['0.123456789', null],
      ['1000000000000000000', null],
      ['-1', null],
      ['1', '0.000000001'],
    ])
      await expect(conversion('bad', payout!, original)).rejects.toMatchObject({ code: '23514' });
    await expect(
      sql(`UPDATE offers SET revenue = 1.000000001 WHERE id = $1`, [offer.id]),
    ).rejects.toMatchObject({ code: '23514' });

    // The entities match the columns: TypeORM sees nothing to change in them.
    const app = new DataSource({ ...dataSourceOptions(url, 2), logging: false });
    await app.initialize();
    try {
      const pending = await app.driver.createSchemaBuilder().log();
      const money = pending.upQueries
        .map((q) => q.query)
        .filter((q) => /"(original_)?(payout|revenue)"/.test(q) && /ALTER COLUMN|ADD/.test(q));
      expect(money).toEqual([]);
    } finally {
      await app.destroy();
    }

    // Runs again after a failure past its first commit (validation): nothing is left half-done.
    await sql(`DELETE FROM typeorm_migrations WHERE name = $1`, ['MoneyScale81764600000200']);
    await runMigrations(url, true);
    expect((await checks()).every((c) => c.convalidated)).toBe(true);

    // Down: back to numeric(18,4), rounded to 4 decimals, with the old checks.
    await sql(`DELETE FROM conversions WHERE transaction_id = 't2'`);
    await conversion('t3', '1.23456789', null);
    const down = new DataSource({ ...dataSourceOptions(url, 2), logging: false });
    await down.initialize();
    try {
      const later = MIGRATIONS.length - 1 - MIGRATIONS.indexOf(MoneyScale81764600000200);
      for (let i = 0; i <= later; i++) await down.undoLastMigration({ transaction: 'each' });
    } finally {
      await down.destroy();
    }
    expect(await columnTypes()).toEqual([
      'conversions.original_payout numeric(18,4)',
      'conversions.original_revenue numeric(18,4)',
      'conversions.payout numeric(18,4)',
      'conversions.revenue numeric(18,4)',
      'offers.payout numeric(18,4)',
      'offers.revenue numeric(18,4)',
    ]);
    expect((await moneyOf()).map((r) => r.cp)).toEqual(['13.5000', '1.2346']);
    expect((await checks()).map((c) => c.conname)).toEqual([
      'conversions_payout_check',
      'conversions_revenue_check',
      'offers_payout_check',
      'offers_revenue_check',
    ]);
    const [warnings] = await sql(
      `SELECT count(*)::int AS n FROM information_schema.columns
        WHERE table_name = 'intake_logs' AND column_name = 'warnings'`,
    );
    expect(warnings.n).toBe(0);

    // And up again.
    await runMigrations(url, true);
    expect((await moneyOf()).map((r) => r.cp)).toEqual(['13.5000', '1.2346']);
  });
});
