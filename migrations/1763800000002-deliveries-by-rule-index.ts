import { MigrationInterface, QueryRunner } from 'typeorm';

// A rule's deliveries newest first: its log listing and the auto-pause check (last 20 deliveries).
export class DeliveriesByRuleIndex1763800000002 implements MigrationInterface {
  name = 'DeliveriesByRuleIndex1763800000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX deliveries_postback_idx ON deliveries (postback_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX deliveries_postback_idx`);
  }
}
