import { MigrationInterface, QueryRunner } from 'typeorm';

// Earlier versions left some deliveries pending with no due time, so no sweep ever found them:
// a test fire that failed (it stayed `scheduled`) and a manual retry of a retrying delivery.
// Test fires are one attempt: they end failed. The others fall due now, for the sweeper; a
// delayed delivery not yet at its scheduled time falls due at that time.
export class PendingDeliveriesDue1764600000400 implements MigrationInterface {
  name = 'PendingDeliveriesDue1764600000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE deliveries SET state = 'failed', completed_at = coalesce(completed_at, now())
        WHERE test AND state IN ('scheduled', 'retrying') AND next_attempt_at IS NULL`,
    );
    await q.query(
      `UPDATE deliveries
          SET next_attempt_at = CASE WHEN state = 'scheduled' THEN greatest(scheduled_for, now())
                                     ELSE now() END
        WHERE state IN ('scheduled', 'retrying') AND next_attempt_at IS NULL`,
    );
  }

  // Nothing to undo: the rows it changed were stuck.
  async down(): Promise<void> {}
}
