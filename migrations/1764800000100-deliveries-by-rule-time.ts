import { MigrationInterface, QueryRunner } from 'typeorm';

// Rule health (SPEC §14): a rule's non-test deliveries in a time window, counted by state from
// the index alone, with their ids for the attempts' primary key. Migrations run in a
// transaction, so this is a plain CREATE INDEX (it blocks writes to deliveries while it builds);
// on a large table build it CONCURRENTLY by hand first, and this statement is then a no-op.
export class DeliveriesByRuleTime1764800000100 implements MigrationInterface {
  name = 'DeliveriesByRuleTime1764800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS deliveries_rule_created_idx ON deliveries (postback_id, created_at)
         INCLUDE (state, completed_at, attempt_count, id) WHERE NOT test`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX deliveries_rule_created_idx`);
  }
}
