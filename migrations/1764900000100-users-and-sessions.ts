import { MigrationInterface, QueryRunner } from 'typeorm';

// Console sign-in (SPEC §11): people, their sessions, and portal links. Tokens (session cookie,
// invite, portal link) are stored only as SHA-256 hashes.
export class UsersAndSessions1764900000100 implements MigrationInterface {
  name = 'UsersAndSessions1764900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id serial PRIMARY KEY,
        email varchar(254) NOT NULL,
        name varchar(200) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('admin', 'publisher', 'advertiser')),
        publisher_id int REFERENCES publishers(id),
        advertiser_id int REFERENCES advertisers(id),
        password_hash varchar(200),
        invite_token_hash char(64) UNIQUE,
        invite_expires_at timestamptz,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_sign_in_at timestamptz,
        CHECK ((role = 'publisher') = (publisher_id IS NOT NULL)),
        CHECK ((role = 'advertiser') = (advertiser_id IS NOT NULL)),
        CHECK ((invite_token_hash IS NULL) = (invite_expires_at IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))`);
    await q.query(`
      CREATE TABLE sessions (
        id char(64) PRIMARY KEY,
        user_id int REFERENCES users(id) ON DELETE CASCADE,
        role varchar(16) NOT NULL CHECK (role IN ('admin', 'publisher', 'advertiser')),
        publisher_id int REFERENCES publishers(id),
        advertiser_id int REFERENCES advertisers(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CHECK ((role = 'publisher') = (publisher_id IS NOT NULL)),
        CHECK ((role = 'advertiser') = (advertiser_id IS NOT NULL)),
        CHECK (user_id IS NOT NULL OR role <> 'admin')
      )`);
    // The purge of expired sessions, and ending a user's sessions.
    await q.query(`CREATE INDEX sessions_expires_at_idx ON sessions (expires_at)`);
    await q.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`);
    await q.query(`
      CREATE TABLE portal_links (
        id serial PRIMARY KEY,
        token_hash char(64) NOT NULL UNIQUE,
        publisher_id int REFERENCES publishers(id),
        advertiser_id int REFERENCES advertisers(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CHECK ((publisher_id IS NULL) <> (advertiser_id IS NULL))
      )`);
    await q.query(`CREATE INDEX portal_links_expires_at_idx ON portal_links (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE portal_links`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE users`);
  }
}
