import { MigrationInterface, QueryRunner } from 'typeorm';

// SPEC §13 notifications: endpoints (the network's, or a publisher's about its own rules), an
// outbox of notifications to send with every attempt logged, and the per-rule state that limits
// delivery.failed to one a minute across every worker process.
export class Notifications1765200000100 implements MigrationInterface {
  name = 'Notifications1765200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    // signing_secret is kept as given (it must sign); the API never returns it.
    await q.query(`
      CREATE TABLE notification_endpoints (
        id serial PRIMARY KEY,
        publisher_id int NULL REFERENCES publishers(id) ON DELETE CASCADE,
        url varchar(2000) NOT NULL,
        events varchar(64)[] NOT NULL CHECK (cardinality(events) > 0),
        signing_secret varchar NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by varchar(254) NOT NULL
      )`);
    await q.query(
      `CREATE INDEX notification_endpoints_publisher_idx ON notification_endpoints (publisher_id)`,
    );
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        endpoint_id int NOT NULL REFERENCES notification_endpoints(id) ON DELETE CASCADE,
        type varchar(64) NOT NULL,
        postback_id int NULL,
        -- The exact JSON sent (and signed) on every attempt.
        body text NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'scheduled'
          CHECK (state IN ('scheduled', 'retrying', 'delivered', 'failed')),
        attempt_count int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz NULL
      )`);
    // The sweeper's work list, and an endpoint's recent notifications.
    await q.query(`
      CREATE INDEX notifications_due_idx ON notifications (next_attempt_at, id)
        WHERE state IN ('scheduled', 'retrying')`);
    await q.query(
      `CREATE INDEX notifications_endpoint_idx ON notifications (endpoint_id, created_at DESC)`,
    );
    await q.query(`
      CREATE TABLE notification_attempts (
        notification_id uuid NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
        n int NOT NULL,
        fired_at timestamptz NOT NULL,
        status_code int NULL,
        error varchar(64) NULL,
        error_message varchar(1000) NULL,
        response_body text NULL,
        duration_ms int NOT NULL,
        PRIMARY KEY (notification_id, n)
      )`);
    // delivery.failed: when a rule's last one was raised, and the failures not reported since.
    await q.query(`
      CREATE TABLE notification_failure_windows (
        postback_id int PRIMARY KEY REFERENCES postbacks(id) ON DELETE CASCADE,
        last_raised_at timestamptz NOT NULL,
        unreported int NOT NULL DEFAULT 0,
        unreported_since timestamptz NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_failure_windows`);
    await q.query(`DROP TABLE notification_attempts`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE notification_endpoints`);
  }
}
