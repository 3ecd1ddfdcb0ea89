import { MigrationInterface, QueryRunner } from 'typeorm';

// SPEC §5.2: money is kept at scale 8 (up to 8 decimals exactly, 18 integer digits), and the
// intake log keeps the warnings of a leniently read request. Currency rates stay numeric(24,10).
//
// No table is rewritten or scanned while it is locked against writes:
// - numeric(18,4) → unconstrained numeric is binary-coercible: the stored values stay as they
//   are, and ALTER TYPE only takes a brief ACCESS EXCLUSIVE lock (lock_timeout: a start behind
//   a long transaction fails, to run again at the next start, rather than stalling every query
//   queued behind its lock request);
// - the old `>= 0` checks are dropped first, since PostgreSQL re-checks a column's constraints
//   when its type changes: a full scan under that lock;
// - scale and range become CHECK constraints, added NOT VALID (no scan) and validated after the
//   commit, under a lock that lets reads and writes go on. The app rounds to 8 before writing.
const MONEY_COLUMNS: Record<string, string[]> = {
  offers: ['payout', 'revenue'],
  conversions: ['payout', 'revenue', 'original_payout', 'original_revenue'],
};
// The checks the tables were created with (migrations 1763800000000 and …001).
const NON_NEGATIVE = ['payout', 'revenue'];
const LOCK_TIMEOUT = `SET LOCAL lock_timeout = '5s'`;

const moneyCheck = (table: string, column: string) => `${table}_${column}_money_check`;

export class MoneyScale81764600000200 implements MigrationInterface {
  name = 'MoneyScale81764600000200';

  // Safe to run again after a failed validation (the first transaction stays committed).
  async up(q: QueryRunner): Promise<void> {
    await q.query(LOCK_TIMEOUT);
    for (const [table, columns] of Object.entries(MONEY_COLUMNS)) {
      const changes = [
        ...NON_NEGATIVE.map((c) => `DROP CONSTRAINT IF EXISTS ${table}_${c}_check`),
        ...columns.map((c) => `ALTER COLUMN ${c} TYPE numeric`),
        ...columns.map((c) => `DROP CONSTRAINT IF EXISTS ${moneyCheck(table, c)}`),
        ...columns.map(
          (c) =>
            `ADD CONSTRAINT ${moneyCheck(table, c)}
               CHECK (${c} = round(${c}, 8) AND ${c} >= 0 AND ${c} < 1e18) NOT VALID`,
        ),
      ];
      await q.query(`ALTER TABLE ${table} ${changes.join(',\n')}`);
    }
    // A constant default: no table rewrite.
    await q.query(
      `ALTER TABLE intake_logs ADD COLUMN IF NOT EXISTS warnings jsonb NOT NULL DEFAULT '[]'`,
    );

    // VALIDATE scans the table holding SHARE UPDATE EXCLUSIVE only, but in the transaction
    // above it would scan under the ACCESS EXCLUSIVE lock ALTER TYPE took: commit first.
    if (q.isTransactionActive) {
      await q.commitTransaction();
      await q.startTransaction();
    }
    await q.query(LOCK_TIMEOUT);
    for (const [table, columns] of Object.entries(MONEY_COLUMNS))
      for (const column of columns)
        await q.query(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${moneyCheck(table, column)}`);
  }

  // Back to numeric(18,4), rounding to 4 decimals (a rewrite); fails if an amount no longer fits
  // 14 integer digits.
  async down(q: QueryRunner): Promise<void> {
    await q.query(LOCK_TIMEOUT);
    await q.query(`ALTER TABLE intake_logs DROP COLUMN warnings`);
    for (const [table, columns] of Object.entries(MONEY_COLUMNS)) {
      const changes = [
        ...columns.map((c) => `DROP CONSTRAINT ${moneyCheck(table, c)}`),
        ...columns.map((c) => `ALTER COLUMN ${c} TYPE numeric(18,4) USING round(${c}, 4)`),
        ...NON_NEGATIVE.map((c) => `ADD CONSTRAINT ${table}_${c}_check CHECK (${c} >= 0)`),
      ];
      await q.query(`ALTER TABLE ${table} ${changes.join(',\n')}`);
    }
  }
}
