import { MigrationInterface, QueryRunner } from 'typeorm';

// SPEC §11: the log's attempt drawer shows the request's headers and body as sent, secrets
// masked before they are stored. Nullable columns without a default: no table rewrite; older
// attempts keep NULL (not recorded then).
export class AttemptRequest1765100000100 implements MigrationInterface {
  name = 'AttemptRequest1765100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(
      `ALTER TABLE delivery_attempts ADD COLUMN IF NOT EXISTS request_headers jsonb NULL,
                                     ADD COLUMN IF NOT EXISTS request_body text NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE delivery_attempts DROP COLUMN request_body, DROP COLUMN request_headers`,
    );
  }
}
