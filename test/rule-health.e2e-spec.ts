import { HEALTH_SQL } from '../src/postbacks/rules/rule-health.service';
import { recentClicks } from '../src/postbacks/rules/traffic-check.service';
import { createConversion, createNetwork, Network } from './helpers/conversion-fixtures';
import { createRule } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { planNodes, planText } from './helpers/query-plans';
import { TestApp } from './helpers/test-app';
import { createClick } from './helpers/tracking-fixtures';

const ENV = { POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' };

describe('Rule health and the traffic check (e2e, SPEC §14)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let net: Network;
  let other: Network;

  beforeAll(async () => {
    t = await TestApp.start(ENV);
    receiver = await Receiver.start();
    net = await createNetwork(t);
    other = await createNetwork(t);
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  it('shows failures, the last error in words and the empty {sub2}, scoped to the owner', async () => {
    const rule = await createRule(t, {
      type: 'conversion',
      publisherId: net.publisher.id,
      url: receiver.url('/health-404?cid={sub2}&t={transaction_id}'),
      maxAttempts: 1,
    });
    receiver.script('/health-404', ...Array.from({ length: 4 }, () => ({ status: 404 })));
    // Another publisher's clicks all carry sub2: they must not count for this rule.
    for (let i = 0; i < 3; i++) {
      await createClick(t, { offerId: other.offer.id, publisherId: other.publisher.id, sub2: 'x' });
    }
    const clicks: string[] = [];
    for (let i = 0; i < 20; i++) {
      const click = await createClick(t, {
        offerId: net.offer.id,
        publisherId: net.publisher.id,
        sub1: `s${i}`,
      });
      clicks.push(click.transactionId);
    }
    for (const transactionId of clicks.slice(0, 4)) await createConversion(t, { transactionId });
    await receiver.waitFor('/health-404', 4);
    const health = await eventually(
      async () => {
        const res = await t.get(`/api/postbacks/${rule.id}/health`, { key: net.publisherKey });
        return res.body.deliveries?.failed === 4 ? res : undefined;
      },
      20_000,
      'four failed deliveries in the rule health',
    );

    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      window: '24h',
      deliveries: { scheduled: 0, retrying: 0, delivered: 0, failed: 4, cancelled: 0 },
      successRate: 0,
      lastSuccessAt: null,
      lastError: {
        error: null,
        statusCode: 404,
        errorText: 'tracker does not know this URL (404 Not Found); check the URL',
      },
      trafficCheck: [{ macro: 'sub2', emptyIn: 20, of: 20 }],
      warnings: [
        {
          code: 'macro_usually_empty',
          message: '`{sub2}` was empty in 20 of your last 20 clicks',
          macro: 'sub2',
        },
      ],
    });
    expect(Date.parse(health.body.lastError.at)).not.toBeNaN();
    expect(health.body.attemptDurationMs.p50).toEqual(expect.any(Number));
    expect(health.body.attemptDurationMs.p95).toBeGreaterThanOrEqual(
      health.body.attemptDurationMs.p50,
    );

    // The editor's preview of the same template for this publisher shows the same warning.
    const preview = await t.post(
      '/api/postbacks/preview',
      { type: 'conversion', url: receiver.url('/pb?cid={sub2}') },
      { key: net.publisherKey },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.warnings).toContainEqual({
      code: 'macro_usually_empty',
      field: 'url',
      message: '`{sub2}` was empty in 20 of your last 20 clicks',
      macro: 'sub2',
    });
    // The other publisher's traffic fills sub2: no warning there.
    const otherPreview = await t.post('/api/postbacks/preview', {
      type: 'conversion',
      publisherId: other.publisher.id,
      url: receiver.url('/pb?c={sub2}'),
    });
    expect(otherPreview.body.warnings.map((w: any) => w.code)).not.toContain('macro_usually_empty');

    // The rules list's badge.
    const list = await t.get(`/api/postbacks?publisherId=${net.publisher.id}`);
    expect(list.body.items.find((r: any) => r.id === rule.id).health).toEqual({
      state: 'failing',
      deliveredLast24h: 0,
      failedLast24h: 4,
      retryingLast24h: 0,
    });

    // Another publisher's rule answers like an unknown one.
    const foreign = await t.get(`/api/postbacks/${rule.id}/health`, { key: other.publisherKey });
    expect(foreign.status).toBe(404);
    const admin = await t.get(`/api/postbacks/${rule.id}/health?window=1h`);
    expect(admin.body).toMatchObject({ window: '1h', deliveries: { failed: 4 } });
  });

  it('refuses an unknown window, naming the parameter', async () => {
    const rule = await createRule(t, {
      type: 'click',
      publisherId: net.publisher.id,
      url: receiver.url('/w?t={transaction_id}'),
    });
    const res = await t.get(`/api/postbacks/${rule.id}/health?window=2d`);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.message).toContain('window');
  });

  it('says "no recent clicks" as of 0, without a warning', async () => {
    const quiet = await createNetwork(t);
    const rule = await createRule(t, {
      type: 'click',
      publisherId: quiet.publisher.id,
      url: receiver.url('/quiet?s={source}'),
    });
    const res = await t.get(`/api/postbacks/${rule.id}/health?window=7d`);
    expect(res.body).toMatchObject({
      window: '7d',
      successRate: null,
      lastError: null,
      attemptDurationMs: { p50: null, p95: null },
      trafficCheck: [{ macro: 'source', emptyIn: 0, of: 0 }],
      warnings: [],
    });
  });

  it('reads every query from its index on 68,000 deliveries and 20,000 clicks', async () => {
    const rules = [
      await createRule(t, {
        type: 'click',
        publisherId: net.publisher.id,
        url: receiver.url('/a'),
      }),
      await createRule(t, {
        type: 'click',
        publisherId: other.publisher.id,
        url: receiver.url('/b'),
      }),
    ];
    const ruleIds = rules.map((r) => r.id);
    // The rest of the network: 48 more rules, so one rule is a small part of a day's deliveries.
    const background = await t.query<{ id: number }>(
      `INSERT INTO postbacks (name, type, method, url)
       SELECT 'bg' || i, 'click', 'GET', 'http://t/' FROM generate_series(1, 48) i RETURNING id`,
    );
    // 10,000 per plan rule and 1,000 per other rule over 30 days (so a 24h window is a small
    // range), one attempt each; every 50th is a test fire.
    const insertDeliveries = (ids: number[], count: number, tag: string) =>
      t.query(
        `INSERT INTO deliveries (id, postback_id, type, trigger_key, state, test, publisher_id,
                                 offer_id, snapshot, scheduled_for, attempt_count, created_at,
                                 completed_at)
         SELECT gen_random_uuid(), ($1::int[])[1 + i % $3], 'click', $4 || i,
                (ARRAY['delivered','delivered','delivered','failed','retrying'])[1 + i % 5],
                i % 50 = 0, 1, 1, '{}', now(), 1 + i % 3,
                now() - (i * interval '1 second' * 2592000 / $2),
                now() - (i * interval '1 second' * 2592000 / $2)
           FROM generate_series(1, $2::int) i`,
        [ids, count, ids.length, tag],
      );
    await insertDeliveries(ruleIds, 20_000, 'plan:');
    await insertDeliveries(
      background.map((r) => r.id),
      48_000,
      'bg:',
    );
    await t.query(
      `INSERT INTO delivery_attempts (delivery_id, n, fired_at, method, url, status_code, duration_ms)
       SELECT id, 1, created_at, 'GET', 'http://t/', 200, 10 + (random() * 90)::int
         FROM deliveries WHERE trigger_key ~ '^(plan|bg):'`,
    );
    await t.query(
      `INSERT INTO clicks (transaction_id, offer_id, publisher_id, sub2, created_at)
       SELECT 'plan' || lpad(i::text, 8, '0'), $1, (ARRAY[$2, $3]::int[])[1 + i % 2],
              CASE WHEN i % 3 = 0 THEN 'x' END, now() - (i * interval '259 seconds')
         FROM generate_series(1, 20000) i`,
      [net.offer.id, net.publisher.id, other.publisher.id],
    );
    await t.query('VACUUM ANALYZE deliveries');
    await t.query('VACUUM ANALYZE delivery_attempts');
    await t.query('VACUUM ANALYZE clicks');

    const explain = async (sql: string, params: unknown[]) => {
      const [row] = await t.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      return row['QUERY PLAN'][0].Plan;
    };
    const usesIndex = (plan: any, index: string) =>
      planNodes(plan).find(
        (n) => /^Index (Only )?Scan$/.test(n['Node Type']) && n['Index Name'] === index,
      );
    const window = [ruleIds[0], '24 hours'];
    const plans: Record<string, any> = {
      byState: await explain(HEALTH_SQL.byState, window),
      durations: await explain(HEALTH_SQL.durations, window),
      lastError: await explain(HEALTH_SQL.lastError, window),
      badges: await explain(HEALTH_SQL.badges, [ruleIds]),
    };
    for (const [name, plan] of Object.entries(plans)) {
      // Shown in the report: the plan each health query gets.
      process.stdout.write(`--- ${name}\n${planText(plan)}\n`);
      const scan = usesIndex(plan, 'deliveries_rule_created_idx');
      expect({ name, index: scan?.['Index Name'] }).toEqual({
        name,
        index: 'deliveries_rule_created_idx',
      });
      // About 1/30 of one rule's 10,000 rows fall in the last 24 hours, not the table.
      expect(scan['Plan Rows']).toBeLessThan(2000);
      expect(planNodes(plan).some((n) => n['Node Type'] === 'Seq Scan')).toBe(false);
    }
    expect(usesIndex(plans.durations, 'delivery_attempts_pkey')).toBeDefined();

    const traffic = recentClicks({ publisherId: net.publisher.id, offerIds: [] }, ['sub2']);
    const clickPlan = await explain(
      `SELECT count(*), count(*) FILTER (WHERE sub2 IS NULL OR sub2 = '') FROM (${traffic.sql}) r`,
      traffic.params,
    );
    process.stdout.write(`--- traffic check\n${planText(clickPlan)}\n`);
    const clickScan = usesIndex(clickPlan, 'clicks_publisher_created_idx');
    expect(clickScan).toBeDefined();
    expect(clickScan['Scan Direction']).toBe('Backward');
    expect(planNodes(clickPlan).some((n) => n['Node Type'] === 'Seq Scan')).toBe(false);
  });
});
