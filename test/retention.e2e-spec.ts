import { timeOrderedToken } from '../src/common/ids';
import { RetentionService } from '../src/maintenance/retention.service';
import { clickOn, createNetwork, intakeGet } from './helpers/conversion-fixtures';
import { createRule } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
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
    await createRule(t, {
      type: 'click',
      publisherId: net.publisher.id,
      url: receiver.url('/ret?c={transaction_id}'),
    });
    for (let i = 0; i < 3; i++) await clickOn(t, net);
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
    expect(removed).toEqual({ postbackLogs: 1, intakeLogs: 1, clicks: 1, impressions: 0 });
    expect(await t.query(`SELECT 1 FROM clicks WHERE transaction_id = $1`, [oldId])).toEqual([]);
    expect(await t.query(`SELECT 1 FROM clicks`)).toHaveLength(3);
    const left = await t.query(`SELECT id FROM deliveries ORDER BY id`);
    expect(left.map((r: any) => r.id)).toEqual([deliveries[1].id, deliveries[2].id]);
    expect(
      await t.query(`SELECT 1 FROM delivery_attempts WHERE delivery_id = $1`, [deliveries[0].id]),
    ).toEqual([]);
    expect(await t.query(`SELECT id FROM intake_logs`)).toHaveLength(1);
  });
});
