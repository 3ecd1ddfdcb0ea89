import { OutcomeRollup } from '../src/overview/outcome-rollup';
import { OVERVIEW_SQL } from '../src/overview/overview.service';
import { createNetwork } from './helpers/conversion-fixtures';
import { planNodes, planText } from './helpers/query-plans';
import { TestApp } from './helpers/test-app';

const DELIVERIES = 1_000_000;
const RULES = 200;

describe('Overview query plans on a million deliveries (e2e, SPEC §11)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ ROLE: 'api' });
  });
  afterAll(() => t.stop());

  it('reads the rollup and index ranges, never scanning the deliveries table', async () => {
    const net = await createNetwork(t);
    const rules = await t.query<{ id: number }>(
      `INSERT INTO postbacks (name, type, method, url, publisher_id)
       SELECT 'plan' || i, 'click', 'GET', 'http://t/', CASE WHEN i % 10 = 0 THEN $1::int END
         FROM generate_series(1, $2::int) i RETURNING id`,
      [net.publisher.id, RULES],
    );
    const ruleIds = rules.map((r) => r.id);
    // 90 days of traffic, newest first; 1 in 500 still retrying, 1 in 50 a test fire.
    await t.query(
      `INSERT INTO deliveries (id, postback_id, type, trigger_key, state, test, publisher_id,
                               snapshot, scheduled_for, attempt_count, created_at, completed_at,
                               next_attempt_at)
       SELECT gen_random_uuid(), ($1::int[])[1 + i % $3], 'click', 'plan:' || i,
              CASE WHEN i % 500 = 0 THEN 'retrying' WHEN i % 7 = 0 THEN 'failed' ELSE 'delivered' END,
              i % 50 = 1, 1, '{}', now(), 1, at, CASE WHEN i % 500 <> 0 THEN at + interval '2 seconds' END,
              CASE WHEN i % 500 = 0 THEN now() + interval '5 minutes' END
         FROM generate_series(1, $2::int) i,
              LATERAL (SELECT now() - (i * interval '1 second' * 7776000 / $2) AS at) x`,
      [ruleIds, DELIVERIES, RULES],
    );
    await t.query(
      `UPDATE overview_rollup_marks SET rolled_until = date_trunc('hour', now() - interval '91 days')
        WHERE name = 'deliveries'`,
    );
    const started = Date.now();
    const rolled = await t.app.get(OutcomeRollup).rollUp(new Date());
    process.stdout.write(
      `rollup of 90 days (${rolled.deliveries} hours) took ${Date.now() - started} ms\n`,
    );
    await t.query('VACUUM ANALYZE deliveries');
    await t.query('ANALYZE delivery_outcome_hours');

    const [{ from7d, mark }] = await t.query(
      `SELECT date_trunc('hour', now()) - interval '162 hours' AS from7d, rolled_until AS mark
         FROM overview_rollup_marks WHERE name = 'deliveries'`,
    );
    const own = ruleIds.filter((_, i) => (i + 1) % 10 === 0);
    const cases: [string, string, unknown[]][] = [
      ['byHour, admin, 7d', OVERVIEW_SQL.byHour, [from7d, null, mark]],
      ['byHour, publisher, 7d', OVERVIEW_SQL.byHour, [from7d, own, mark]],
      ['byRule, admin, 7d', OVERVIEW_SQL.byRule, [from7d, null, mark]],
      ['pending, admin', OVERVIEW_SQL.pending, [null]],
      ['lastFailure', OVERVIEW_SQL.lastFailure, [ruleIds[6], from7d]],
    ];
    for (const [name, sql, params] of cases) {
      const [row] = await t.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      const { Plan: plan, 'Execution Time': ms } = row['QUERY PLAN'][0];
      // Shown in the report: the plan each overview query gets, and its time.
      process.stdout.write(`--- ${name}: ${ms.toFixed(1)} ms\n${planText(plan)}\n`);
      const deliveryScans = planNodes(plan).filter((n) => n['Relation Name'] === 'deliveries');
      expect({
        name,
        seqScans: deliveryScans.filter((n) => n['Node Type'] === 'Seq Scan'),
      }).toEqual({ name, seqScans: [] });
      // What it reads of deliveries is the live hours, the backlog or one rule's latest rows.
      for (const scan of deliveryScans) expect(scan['Actual Rows']).toBeLessThan(5_000);
    }
    const [byHour] = await t.query(`EXPLAIN (FORMAT JSON) ${OVERVIEW_SQL.byHour}`, [
      from7d,
      null,
      mark,
    ]);
    expect(planNodes(byHour['QUERY PLAN'][0].Plan).map((n) => n['Index Name'])).toContain(
      'deliveries_completed_idx',
    );
    const [pending] = await t.query(`EXPLAIN (FORMAT JSON) ${OVERVIEW_SQL.pending}`, [null]);
    expect(planNodes(pending['QUERY PLAN'][0].Plan).map((n) => n['Index Name'])).toContain(
      'deliveries_due_idx',
    );

    // The whole endpoint, as the console calls it.
    for (const window of ['24h', '7d']) {
      const start = Date.now();
      const res = await t.get(`/api/overview?window=${window}`);
      process.stdout.write(`GET /api/overview?window=${window}: ${Date.now() - start} ms\n`);
      expect(res.status).toBe(200);
      expect(res.body.totals.delivered).toBeGreaterThan(0);
      expect(res.body.queue.pending).toBe(DELIVERIES / 500);
    }
  }, 600_000);
});
