import { MigrationInterface, QueryRunner } from 'typeorm';

// SPEC §13 approval: network settings, a rule's approval state and revisions, and the `held`
// delivery state (a pending new rule's deliveries, never sent until the rule is approved).
export class RuleApproval1765100000400 implements MigrationInterface {
  name = 'RuleApproval1765100000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    // One row per setting, its value as JSON: a new setting needs no migration.
    await q.query(`
      CREATE TABLE settings (
        key varchar(64) PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Existing rules were all made without approval: they are approved as revision 1.
    await q.query(`
      ALTER TABLE postbacks
        ADD COLUMN approval_state varchar(16) NOT NULL DEFAULT 'approved'
          CHECK (approval_state IN ('approved', 'pending', 'rejected')),
        ADD COLUMN approved_revision int NULL,
        ADD COLUMN pending_revision int NULL,
        ADD COLUMN rejection_reason varchar(500) NULL`);
    await q.query(`UPDATE postbacks SET approved_revision = 1`);
    await q.query(`
      CREATE TABLE postback_revisions (
        postback_id int NOT NULL REFERENCES postbacks(id),
        n int NOT NULL,
        state varchar(16) NOT NULL
          CHECK (state IN ('approved', 'pending', 'rejected', 'superseded')),
        proposed jsonb NOT NULL DEFAULT '{}',
        signing_secret varchar NULL,
        secret_changed boolean NOT NULL DEFAULT false,
        changes jsonb NOT NULL DEFAULT '{}',
        author_type varchar(16) NOT NULL,
        author_id varchar(64) NULL,
        author_label varchar(254) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        decided_at timestamptz NULL,
        decided_by varchar(254) NULL,
        reason varchar(500) NULL,
        PRIMARY KEY (postback_id, n)
      )`);
    await q.query(
      `CREATE INDEX postbacks_pending_idx ON postbacks (id) WHERE approval_state = 'pending'`,
    );
    await q.query(`
      ALTER TABLE deliveries
        DROP CONSTRAINT deliveries_state_check,
        ADD CONSTRAINT deliveries_state_check
          CHECK (state IN ('held', 'scheduled', 'retrying', 'delivered', 'failed', 'cancelled')),
        ADD COLUMN state_reason varchar(600) NULL`);
    await q.query(
      `CREATE INDEX deliveries_held_idx ON deliveries (postback_id, id) WHERE state = 'held'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX deliveries_held_idx`);
    await q.query(`UPDATE deliveries SET state = 'cancelled' WHERE state = 'held'`);
    await q.query(`
      ALTER TABLE deliveries
        DROP COLUMN state_reason,
        DROP CONSTRAINT deliveries_state_check,
        ADD CONSTRAINT deliveries_state_check
          CHECK (state IN ('scheduled', 'retrying', 'delivered', 'failed', 'cancelled'))`);
    await q.query(`DROP TABLE postback_revisions`);
    await q.query(`DROP INDEX postbacks_pending_idx`);
    await q.query(`
      ALTER TABLE postbacks DROP COLUMN approval_state, DROP COLUMN approved_revision,
        DROP COLUMN pending_revision, DROP COLUMN rejection_reason`);
    await q.query(`DROP TABLE settings`);
  }
}
