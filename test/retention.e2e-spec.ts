import { Client } from 'pg';
import { timeOrderedToken } from '../src/common/ids';
import { RetentionService } from '../src/maintenance/retention.service';
import { clickOn, createNetwork, intakeGet } from './helpers/conversion-fixtures';
import { createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { Browser, signedInUser } from './helpers/session-fixtures';
import { TestApp } from './helpers/test-app';

describe('Retention purge (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await TestApp.start({
      POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
      POSTBACK_LOG_RETENTION_DAYS: '90',
      INTAKE_LOG_RETENTION_DAYS: '30',
    });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  it('removes finished postback logs, intake logs and clicks past their retention, and keeps the rest', async () => {
    const net = await createNetwork(t);
    const rule = await createRule(t, {
      type: 'click',
      publisherId: net.publisher.id,
      url: receiver.url('/ret?c={transaction_id}'),
    });
    for (let i = 0; i < 3; i++) await clickOn(t, net);
    // Two notifications sent: the older one goes like a postback log past 90 days.
    await t.post('/api/notification-endpoints', {
      url: receiver.url('/ret-hook'),
      events: ['postback.paused', 'postback.resumed'],
    });
    await t.patch(`/api/postbacks/${rule.id}`, { enabled: false });
    await t.patch(`/api/postbacks/${rule.id}`, { enabled: true });
    const notifications = await eventually(async () => {
      const rows = await t.query(
        `SELECT id FROM notifications WHERE state = 'delivered' ORDER BY created_at, id`,
      );
      return rows.length === 2 ? rows : undefined;
    });
    await t.query(
      `UPDATE notifications SET created_at = now() - interval '91 days' WHERE id = $1`,
      [notifications[0].id],
    );
    const deliveries = await eventually(async () => {
      const rows = await t.query(`SELECT id FROM deliveries WHERE state = 'delivered' ORDER BY id`);
      return rows.length === 3 ? rows : undefined;
    });
    await intakeGet(t, net.advertiser.postbackKey, { clickid: 'nope' });
    await intakeGet(t, net.advertiser.postbackKey, { clickid: 'nope-2' });

    // Age one delivered log past 90 days, one still-retrying one too (kept: not finished),
    // and one intake log past 30 days.
    await t.query(`UPDATE deliveries SET created_at = now() - interval '91 days' WHERE id = $1`, [
      deliveries[0].id,
    ]);
    await t.query(
      `UPDATE deliveries SET created_at = now() - interval '91 days', state = 'retrying' WHERE id = $1`,
      [deliveries[1].id],
    );
    await t.query(
      `UPDATE intake_logs SET received_at = now() - interval '31 days' WHERE id = (SELECT min(id) FROM intake_logs)`,
    );

    // Clicks are purged by key range: an id minted 181 days ago is past the cutoff.
    const [old] = await t.query(`SELECT * FROM clicks LIMIT 1`);
    const oldId = timeOrderedToken(Date.now() - 181 * 24 * 3600 * 1000);
    await t.query(
      `INSERT INTO clicks (transaction_id, offer_id, publisher_id, created_at)
       VALUES ($1, $2, $3, now() - interval '181 days')`,
      [oldId, old.offer_id, old.publisher_id],
    );

    const removed = await t.app.get(RetentionService).purge(new Date());
    expect(removed).toEqual({
      postbackLogs: 1,
      notifications: 1,
      intakeLogs: 1,
      clicks: 1,
      impressions: 0,
      expiredSessions: 0,
      spentPortalLinks: 0,
    });
    expect(await t.query(`SELECT 1 FROM clicks WHERE transaction_id = $1`, [oldId])).toEqual([]);
    expect(await t.query(`SELECT 1 FROM clicks`)).toHaveLength(3);
    const left = await t.query(`SELECT id FROM deliveries ORDER BY id`);
    expect(left.map((r: any) => r.id)).toEqual([deliveries[1].id, deliveries[2].id]);
    expect(
      await t.query(`SELECT 1 FROM delivery_attempts WHERE delivery_id = $1`, [deliveries[0].id]),
    ).toEqual([]);
    expect(await t.query(`SELECT id FROM intake_logs`)).toHaveLength(1);
    expect(await t.query(`SELECT id FROM notifications`)).toEqual([notifications[1]]);
  });

  it('removes expired sessions and spent portal links, and keeps live ones', async () => {
    const live = await signedInUser(t);
    const ended = await signedInUser(t);
    await t.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [ended.user.id],
    );
    const publisher = await createPublisher(t);
    const links = [];
    for (let i = 0; i < 3; i++) {
      links.push((await t.post(`/api/publishers/${publisher.id}/portal-link`)).body.url);
    }
    expect((await new Browser(t).get(new URL(links[0]).pathname)).status).toBe(302);
    await t.query(
      `UPDATE portal_links SET expires_at = now() - interval '1 second'
        WHERE id = (SELECT max(id) FROM portal_links)`,
    );

    const removed = await t.app.get(RetentionService).purge(new Date());
    expect(removed).toMatchObject({ expiredSessions: 1, spentPortalLinks: 2 });
    // The live session, the one the portal link opened, and the open link remain.
    const sessions = await t.query('SELECT user_id FROM sessions ORDER BY user_id');
    expect(sessions).toEqual([{ user_id: live.user.id }, { user_id: null }]);
    expect(await t.query('SELECT 1 FROM portal_links')).toHaveLength(1);
    expect((await live.browser.get('/api/me')).status).toBe(200);
  });

  // A shutdown while the purge runs: each kind stops after the batch under way. A row lock held
  // here keeps the purge inside its first batch of `table` until the stop signal is given.
  async function purgeStoppedInFirstBatchOf(table: string, key: string, old: string) {
    const holder = new Client({ connectionString: t.config.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `SELECT 1 FROM ${table} WHERE ${key} = (SELECT min(${key}) FROM ${table} WHERE ${old})
            FOR UPDATE`,
      );
      const stop = new AbortController();
      const purging = t.app.get(RetentionService).purge(new Date(), stop.signal);
      await eventually(
        async () => {
          const [row] = await t.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'
                AND query ILIKE $1`,
            [`%DELETE FROM%${table}%`],
          );
          return row.n === 1;
        },
        20_000,
        `the purge's first batch of ${table} waiting`,
      );
      stop.abort();
      await holder.query('COMMIT');
      return await purging;
    } finally {
      await holder.end();
    }
  }

  it('stops purging intake logs after the batch under way when told to stop', async () => {
    // More than one batch of 5,000 past the 30 days.
    await t.query(
      `INSERT INTO intake_logs (method, raw_query, outcome, received_at)
       SELECT 'GET', 'old=' || i, 'refused', now() - interval '31 days'
         FROM generate_series(1, 6000) i`,
    );
    expect(
      await purgeStoppedInFirstBatchOf(
        'intake_logs',
        'id',
        `received_at < now() - interval '30 days'`,
      ),
    ).toEqual({
      postbackLogs: 0,
      notifications: 0,
      intakeLogs: 5000,
      clicks: 0,
      impressions: 0,
      expiredSessions: 0,
      spentPortalLinks: 0,
    });
    // The next run goes on from there.
    expect((await t.app.get(RetentionService).purge(new Date())).intakeLogs).toBe(1000);
  });

  it('stops purging clicks after the batch under way, before impressions, when told to stop', async () => {
    const [click] = await t.query(`SELECT offer_id, publisher_id FROM clicks LIMIT 1`);
    const minted = Date.now() - 181 * 24 * 3600 * 1000;
    const ids = Array.from({ length: 6000 }, () => timeOrderedToken(minted));
    await t.query(
      `INSERT INTO clicks (transaction_id, offer_id, publisher_id, created_at)
       SELECT id, $2, $3, now() - interval '181 days' FROM unnest($1::text[]) id`,
      [ids, click.offer_id, click.publisher_id],
    );
    expect(
      await purgeStoppedInFirstBatchOf(
        'clicks',
        'transaction_id',
        `created_at < now() - interval '180 days'`,
      ),
    ).toEqual({
      postbackLogs: 0,
      notifications: 0,
      intakeLogs: 0,
      clicks: 5000,
      impressions: 0,
      expiredSessions: 0,
      spentPortalLinks: 0,
    });
    expect((await t.app.get(RetentionService).purge(new Date())).clicks).toBe(1000);
  });
});
