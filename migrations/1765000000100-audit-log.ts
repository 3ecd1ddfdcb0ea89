import { MigrationInterface, QueryRunner } from 'typeorm';

// The audit log (SPEC §13): append-only. A trigger refuses UPDATE, DELETE and TRUNCATE, so not
// even a mistaken statement can rewrite history; only a migration could.
export class AuditLog1765000000100 implements MigrationInterface {
  name = 'AuditLog1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_type varchar(16) NOT NULL
          CHECK (actor_type IN ('user', 'api_key', 'bootstrap_key', 'portal', 'system')),
        actor_id varchar(64),
        actor_label varchar(254) NOT NULL,
        ip varchar(64),
        request_id varchar(100),
        entity_type varchar(32) NOT NULL,
        entity_id varchar(64) NOT NULL,
        action varchar(32) NOT NULL,
        changes jsonb NOT NULL DEFAULT '{}',
        publisher_id int
      )`);
    // A record's history, a publisher's entries, a time range.
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id)`);
    await q.query(
      `CREATE INDEX audit_log_publisher_idx ON audit_log (publisher_id, id) WHERE publisher_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
    await q.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_refuse_change()`);
  }
}
