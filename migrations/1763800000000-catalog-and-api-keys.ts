import { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogAndApiKeys1763800000000 implements MigrationInterface {
  name = 'CatalogAndApiKeys1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE advertisers (
        id serial PRIMARY KEY,
        name varchar(200) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        postback_key varchar(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE publishers (
        id serial PRIMARY KEY,
        name varchar(200) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE offers (
        id serial PRIMARY KEY,
        name varchar(200) NOT NULL,
        advertiser_id int NOT NULL REFERENCES advertisers(id),
        url varchar(2048) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        payout numeric(18,4) NOT NULL CHECK (payout >= 0),
        revenue numeric(18,4) NOT NULL CHECK (revenue >= 0),
        currency char(3) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX offers_advertiser_id_idx ON offers (advertiser_id)`);
    await q.query(`
      CREATE TABLE api_keys (
        id serial PRIMARY KEY,
        name varchar(200) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('admin', 'publisher', 'advertiser')),
        publisher_id int REFERENCES publishers(id),
        advertiser_id int REFERENCES advertisers(id),
        key_hash char(64) NOT NULL UNIQUE,
        key_prefix varchar(16) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CHECK ((role = 'publisher') = (publisher_id IS NOT NULL)),
        CHECK ((role = 'advertiser') = (advertiser_id IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE offers`);
    await q.query(`DROP TABLE publishers`);
    await q.query(`DROP TABLE advertisers`);
  }
}
