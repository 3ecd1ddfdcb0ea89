import { MigrationInterface, QueryRunner } from 'typeorm';

// Click and impression ids are time-ordered tokens compared with COLLATE "C" (byte order = time
// order), so their primary keys grow at the right edge and retention deletes a key range.
export class TrackingConversionsPostbacks1763800000001 implements MigrationInterface {
  name = 'TrackingConversionsPostbacks1763800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clicks (
        transaction_id varchar(40) COLLATE "C" PRIMARY KEY,
        offer_id int NOT NULL,
        publisher_id int NOT NULL,
        external_transaction_id varchar(256),
        sub1 varchar(512), sub2 varchar(512), sub3 varchar(512), sub4 varchar(512), sub5 varchar(512),
        source varchar(512),
        ip varchar(64),
        user_agent varchar(1024),
        referer varchar(1024),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX clicks_publisher_created_idx ON clicks (publisher_id, created_at)`);
    await q.query(`CREATE INDEX clicks_offer_created_idx ON clicks (offer_id, created_at)`);
    await q.query(
      `CREATE INDEX clicks_external_tid_idx ON clicks (external_transaction_id) WHERE external_transaction_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE impressions (
        id varchar(40) COLLATE "C" PRIMARY KEY,
        offer_id int NOT NULL,
        publisher_id int NOT NULL,
        sub1 varchar(512), sub2 varchar(512), sub3 varchar(512), sub4 varchar(512), sub5 varchar(512),
        source varchar(512),
        ip varchar(64),
        user_agent varchar(1024),
        referer varchar(1024),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX impressions_publisher_created_idx ON impressions (publisher_id, created_at)`,
    );
    await q.query(
      `CREATE INDEX impressions_offer_created_idx ON impressions (offer_id, created_at)`,
    );

    await q.query(`
      CREATE TABLE conversions (
        id uuid PRIMARY KEY,
        transaction_id varchar(40) COLLATE "C" NOT NULL,
        offer_id int NOT NULL,
        publisher_id int NOT NULL,
        advertiser_id int NOT NULL,
        event varchar(100),
        advertiser_transaction_id varchar(256),
        status varchar(16) NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        rejection_reason varchar(512),
        payout numeric(18,4) NOT NULL CHECK (payout >= 0),
        revenue numeric(18,4) NOT NULL CHECK (revenue >= 0),
        currency char(3) NOT NULL,
        original_payout numeric(18,4),
        original_revenue numeric(18,4),
        original_currency char(3),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // SPEC §5.2 identity; COALESCE so a missing event / tid still collides with itself.
    await q.query(`
      CREATE UNIQUE INDEX conversions_identity_uq
        ON conversions (transaction_id, COALESCE(event, ''), COALESCE(advertiser_transaction_id, ''))`);
    await q.query(
      `CREATE INDEX conversions_publisher_created_idx ON conversions (publisher_id, created_at)`,
    );
    await q.query(
      `CREATE INDEX conversions_offer_created_idx ON conversions (offer_id, created_at)`,
    );
    await q.query(
      `CREATE INDEX conversions_advertiser_created_idx ON conversions (advertiser_id, created_at)`,
    );

    await q.query(`
      CREATE TABLE conversion_status_changes (
        id bigserial PRIMARY KEY,
        conversion_id uuid NOT NULL REFERENCES conversions(id) ON DELETE CASCADE,
        from_status varchar(16),
        to_status varchar(16) NOT NULL,
        rejection_reason varchar(512),
        source varchar(16) NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX conversion_status_changes_conversion_idx ON conversion_status_changes (conversion_id)`,
    );

    await q.query(`
      CREATE TABLE intake_logs (
        id bigserial PRIMARY KEY,
        advertiser_id int,
        method varchar(8) NOT NULL,
        raw_query text NOT NULL,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('accepted', 'duplicate', 'refused')),
        error_code varchar(64),
        conversion_id uuid,
        ip varchar(64),
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX intake_logs_advertiser_received_idx ON intake_logs (advertiser_id, received_at)`,
    );
    await q.query(`CREATE INDEX intake_logs_received_idx ON intake_logs (received_at)`);

    await q.query(`
      CREATE TABLE currency_rates (
        code char(3) PRIMARY KEY,
        rate numeric(24,10) NOT NULL CHECK (rate > 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE postbacks (
        id serial PRIMARY KEY,
        name varchar(200) NOT NULL,
        type varchar(16) NOT NULL CHECK (type IN ('click', 'impression', 'conversion', 'event')),
        publisher_id int REFERENCES publishers(id),
        offer_ids int[] NOT NULL DEFAULT '{}',
        method varchar(8) NOT NULL CHECK (method IN ('GET', 'POST', 'PUT')),
        url varchar(4096) NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        body text,
        content_type varchar(64),
        statuses varchar(16)[] NOT NULL DEFAULT '{approved}',
        rejection_reasons varchar(512)[] NOT NULL DEFAULT '{}',
        events varchar(100)[] NOT NULL DEFAULT '{}',
        status_map jsonb NOT NULL DEFAULT '{}',
        delay_seconds int NOT NULL DEFAULT 0 CHECK (delay_seconds BETWEEN 0 AND 2592000),
        max_attempts int NOT NULL DEFAULT 8 CHECK (max_attempts BETWEEN 1 AND 20),
        timeout_ms int NOT NULL DEFAULT 10000 CHECK (timeout_ms BETWEEN 1000 AND 30000),
        signing_secret varchar(200),
        enabled boolean NOT NULL DEFAULT true,
        paused_reason varchar(200),
        paused_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX postbacks_publisher_idx ON postbacks (publisher_id)`);

    await q.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY,
        postback_id int NOT NULL REFERENCES postbacks(id),
        type varchar(16) NOT NULL,
        trigger_key varchar(200) COLLATE "C" NOT NULL,
        state varchar(16) NOT NULL CHECK (state IN ('scheduled', 'retrying', 'delivered', 'failed', 'cancelled')),
        test boolean NOT NULL DEFAULT false,
        publisher_id int,
        offer_id int,
        transaction_id varchar(40) COLLATE "C",
        external_transaction_id varchar(256),
        conversion_id uuid,
        impression_id varchar(40) COLLATE "C",
        status varchar(16),
        snapshot jsonb NOT NULL,
        scheduled_for timestamptz NOT NULL,
        attempt_count int NOT NULL DEFAULT 0,
        last_status_code int,
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT deliveries_trigger_uq UNIQUE (postback_id, trigger_key)
      )`);
    await q.query(`CREATE INDEX deliveries_publisher_idx ON deliveries (publisher_id, id)`);
    await q.query(`CREATE INDEX deliveries_offer_idx ON deliveries (offer_id, id)`);
    await q.query(`CREATE INDEX deliveries_transaction_idx ON deliveries (transaction_id)`);
    await q.query(`CREATE INDEX deliveries_conversion_idx ON deliveries (conversion_id)`);
    await q.query(`CREATE INDEX deliveries_created_idx ON deliveries (created_at)`);
    await q.query(
      `CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE state IN ('scheduled', 'retrying')`,
    );

    await q.query(`
      CREATE TABLE delivery_attempts (
        delivery_id uuid NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
        n int NOT NULL,
        fired_at timestamptz NOT NULL,
        method varchar(8) NOT NULL,
        url text NOT NULL,
        status_code int,
        response_body text,
        error varchar(64),
        error_message varchar(1000),
        duration_ms int NOT NULL,
        PRIMARY KEY (delivery_id, n)
      )`);
    await q.query(`CREATE INDEX delivery_attempts_status_idx ON delivery_attempts (status_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'delivery_attempts',
      'deliveries',
      'postbacks',
      'currency_rates',
      'intake_logs',
      'conversion_status_changes',
      'conversions',
      'impressions',
      'clicks',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
