import { MigrationInterface, QueryRunner } from 'typeorm';

// SPEC §5.2: money is kept at scale 8 (up to 8 decimals exactly, 18 integer digits), and the
// intake log keeps the warnings of a leniently read request. Changing the scale rewrites the
// offers and conversions tables under an exclusive lock: run it in a quiet window on a large
// database. Currency rates are already numeric(24,10).
export class MoneyScale81764600000200 implements MigrationInterface {
  name = 'MoneyScale81764600000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE offers
        ALTER COLUMN payout TYPE numeric(26,8),
        ALTER COLUMN revenue TYPE numeric(26,8)`);
    await q.query(`
      ALTER TABLE conversions
        ALTER COLUMN payout TYPE numeric(26,8),
        ALTER COLUMN revenue TYPE numeric(26,8),
        ALTER COLUMN original_payout TYPE numeric(26,8),
        ALTER COLUMN original_revenue TYPE numeric(26,8)`);
    // A constant default: no table rewrite.
    await q.query(`ALTER TABLE intake_logs ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]'`);
  }

  // Rounds stored amounts back to 4 decimals; fails if one no longer fits 14 integer digits.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake_logs DROP COLUMN warnings`);
    await q.query(`
      ALTER TABLE conversions
        ALTER COLUMN payout TYPE numeric(18,4),
        ALTER COLUMN revenue TYPE numeric(18,4),
        ALTER COLUMN original_payout TYPE numeric(18,4),
        ALTER COLUMN original_revenue TYPE numeric(18,4)`);
    await q.query(`
      ALTER TABLE offers
        ALTER COLUMN payout TYPE numeric(18,4),
        ALTER COLUMN revenue TYPE numeric(18,4)`);
  }
}
