import { MigrationInterface, QueryRunner } from 'typeorm';

// The overview (SPEC §11): finished deliveries and intake requests counted per hour, so its
// numbers never scan the deliveries or intake tables. OutcomeRollup (src/overview) adds each
// complete hour once and moves the table's mark in the same transaction; the hours after the
// mark are read live, deliveries from deliveries_completed_idx (a range of at most about two
// hours while the job runs). Migrations run in a transaction, so the index is a plain CREATE
// INDEX; on a large table build it CONCURRENTLY by hand first, and this statement is a no-op.
export class OverviewRollups1765100000300 implements MigrationInterface {
  name = 'OverviewRollups1765100000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS deliveries_completed_idx ON deliveries (completed_at)
         INCLUDE (postback_id, state) WHERE completed_at IS NOT NULL AND NOT test`,
    );
    await q.query(`
      CREATE TABLE delivery_outcome_hours (
        hour timestamptz NOT NULL,
        postback_id int NOT NULL,
        state varchar(16) NOT NULL,
        count int NOT NULL CHECK (count > 0),
        PRIMARY KEY (hour, postback_id, state)
      )`);
    await q.query(`
      CREATE TABLE intake_outcome_hours (
        hour timestamptz NOT NULL,
        advertiser_id int,
        outcome varchar(16) NOT NULL,
        error_code varchar(64),
        count int NOT NULL CHECK (count > 0),
        UNIQUE NULLS NOT DISTINCT (hour, advertiser_id, outcome, error_code)
      )`);
    // Per rolled-up table: every hour before `rolled_until` is in it, none after.
    await q.query(`
      CREATE TABLE overview_rollup_marks (
        name varchar(32) PRIMARY KEY,
        rolled_until timestamptz NOT NULL
      )`);
    // Existing history is rolled up by the job from its first hour, a day per transaction.
    await q.query(`
      INSERT INTO overview_rollup_marks (name, rolled_until) VALUES
        ('deliveries', date_trunc('hour', coalesce(
           (SELECT min(completed_at) FROM deliveries WHERE completed_at IS NOT NULL AND NOT test),
           now()))),
        ('intake', date_trunc('hour', coalesce((SELECT min(received_at) FROM intake_logs), now())))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE overview_rollup_marks`);
    await q.query(`DROP TABLE intake_outcome_hours`);
    await q.query(`DROP TABLE delivery_outcome_hours`);
    await q.query(`DROP INDEX deliveries_completed_idx`);
  }
}
