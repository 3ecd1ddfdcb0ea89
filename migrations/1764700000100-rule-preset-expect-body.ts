import { MigrationInterface, QueryRunner } from 'typeorm';

// SPEC §6/§12: a rule keeps the receiver preset it was built from and the text a 2xx answer
// must contain. Nullable columns without a default: PostgreSQL adds them without a rewrite.
export class RulePresetExpectBody1764700000100 implements MigrationInterface {
  name = 'RulePresetExpectBody1764700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(
      `ALTER TABLE postbacks ADD COLUMN IF NOT EXISTS preset_id varchar NULL,
                             ADD COLUMN IF NOT EXISTS expect_body varchar(200) NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE postbacks DROP COLUMN expect_body, DROP COLUMN preset_id`);
  }
}
