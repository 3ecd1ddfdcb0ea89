import { OutcomeRollup } from '../src/overview/outcome-rollup';
import {
  clickOn,
  createConversion,
  createNetwork,
  intakeGet,
  Network,
} from './helpers/conversion-fixtures';
import { createRule } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { TestApp } from './helpers/test-app';

const ENV = { POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' };

const sumOf = (series: any[], outcome: string) =>
  series.reduce((total, bucket) => total + bucket[outcome], 0);

describe('Overview (e2e, SPEC §11)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let a: Network;
  let b: Network;

  beforeAll(async () => {
    t = await TestApp.start(ENV);
    receiver = await Receiver.start();
    a = await createNetwork(t);
    b = await createNetwork(t);
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  it('counts real deliveries by outcome, scoped to each publisher, with failing and paused rules', async () => {
    await createRule(t, {
      name: 'Tracker A',
      type: 'click',
      publisherId: a.publisher.id,
      url: receiver.url('/ok-a?t={transaction_id}'),
    });
    const broken = await createRule(t, {
      name: 'Broken tracker',
      type: 'click',
      publisherId: a.publisher.id,
      url: receiver.url('/broken?t={transaction_id}'),
      maxAttempts: 1,
    });
    const gone = await createRule(t, {
      name: 'Gone tracker',
      type: 'conversion',
      publisherId: a.publisher.id,
      url: receiver.url('/gone?t={transaction_id}'),
    });
    await createRule(t, {
      name: 'Tracker B',
      type: 'click',
      publisherId: b.publisher.id,
      url: receiver.url('/ok-b?t={transaction_id}'),
    });
    receiver.script('/broken', ...Array.from({ length: 3 }, () => ({ status: 404 })));
    receiver.script('/gone', { status: 410 });

    const clicksA = [await clickOn(t, a), await clickOn(t, a), await clickOn(t, a)];
    const clickB = await clickOn(t, b);
    await clickOn(t, b);
    await createConversion(t, { transactionId: clicksA[0] });
    // Two refused intake calls (an unknown click, an unknown key) and one accepted on B's
    // network, which has no conversion rule.
    expect((await intakeGet(t, a.advertiser.postbackKey, { transaction_id: 'nope' })).status).toBe(
      404,
    );
    expect((await intakeGet(t, 'no-such-key', { transaction_id: clicksA[1] })).status).toBe(404);
    expect((await intakeGet(t, b.advertiser.postbackKey, { transaction_id: clickB })).status).toBe(
      200,
    );

    await receiver.waitFor('/ok-a', 3);
    await receiver.waitFor('/broken', 3);
    await receiver.waitFor('/gone', 1);
    await receiver.waitFor('/ok-b', 2);

    const admin = await eventually(
      async () => {
        const res = await t.get('/api/overview');
        const { delivered, failed } = res.body.totals ?? {};
        return delivered === 5 && failed === 4 && res.body.pausedRules?.length === 1
          ? res
          : undefined;
      },
      20_000,
      'five delivered and four failed in the admin overview',
    );
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({
      window: '24h',
      bucketHours: 1,
      totals: { delivered: 5, failed: 4, cancelled: 0 },
      successRate: 5 / 9,
      queue: { pending: 0, due: 0, retrying: 0 },
      failingRules: [
        {
          id: broken.id,
          name: 'Broken tracker',
          publisherId: a.publisher.id,
          delivered: 0,
          failed: 3,
          retrying: 0,
          successRate: 0,
          lastError: {
            statusCode: 404,
            errorText: 'tracker does not know this URL (404 Not Found); check the URL',
          },
        },
      ],
      pausedRules: [{ id: gone.id, name: 'Gone tracker', publisherId: a.publisher.id }],
      intake: {
        accepted: 1,
        duplicate: 0,
        refused: 2,
        refusals: [
          { errorCode: 'invalid_postback_key', count: 1 },
          { errorCode: 'transaction_id_not_found', count: 1 },
        ],
      },
    });
    expect(admin.body.pausedRules[0].pausedReason).toMatch(/410/);
    expect(admin.body.queue.jobs).toEqual({
      waiting: expect.any(Number),
      active: expect.any(Number),
      delayed: expect.any(Number),
    });
    // 24 hourly buckets; what finished now is in the last one (or two, across an hour's end).
    expect(admin.body.series).toHaveLength(24);
    expect(sumOf(admin.body.series, 'delivered')).toBe(5);
    expect(sumOf(admin.body.series.slice(-2), 'failed')).toBe(4);
    expect(Date.parse(admin.body.from)).toBe(Date.parse(admin.body.series[0].at));

    // Publisher A sees its own rules' numbers, never the intake or the network's queue.
    const own = await t.get('/api/overview?window=7d', { key: a.publisherKey });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      window: '7d',
      bucketHours: 6,
      totals: { delivered: 3, failed: 4, cancelled: 0 },
      failingRules: [{ id: broken.id }],
      pausedRules: [{ id: gone.id }],
      intake: null,
      queue: { pending: 0, jobs: null },
    });
    expect(own.body.series).toHaveLength(28);

    // Publisher B: only its two deliveries, nothing of A's rules.
    const other = await t.get('/api/overview', { key: b.publisherKey });
    expect(other.body).toMatchObject({
      totals: { delivered: 2, failed: 0, cancelled: 0 },
      successRate: 1,
      failingRules: [],
      pausedRules: [],
      intake: null,
    });
    expect(JSON.stringify(other.body)).not.toContain('Broken tracker');
  });

  it('refuses an unknown window naming it, and advertisers', async () => {
    const bad = await t.get('/api/overview?window=2d');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('validation_failed');
    expect(bad.body.message).toContain('window');
    const advertiser = await t.get('/api/overview', { key: a.advertiserKey });
    expect(advertiser.status).toBe(403);
    const anonymous = await t.get('/api/overview', { key: null });
    expect(anonymous.status).toBe(401);
  });

  it('rolls finished hours up once, however often and however concurrently the job runs', async () => {
    const c = await createNetwork(t);
    const rule = await createRule(t, {
      name: 'Backfilled',
      type: 'click',
      publisherId: c.publisher.id,
      url: receiver.url('/c'),
    });
    // A clean rebuild from 30 hours back, with the mark locked first so a job under way either
    // finishes before or sees the new mark.
    await t.query(`
      WITH mark AS (SELECT rolled_until FROM overview_rollup_marks WHERE name = 'deliveries' FOR UPDATE),
           cleared AS (DELETE FROM delivery_outcome_hours)
      UPDATE overview_rollup_marks SET rolled_until = date_trunc('hour', now(), 'UTC') - interval '30 hours'
       WHERE name = 'deliveries'`);
    // Finished 3 and 27 hours ago (20 delivered, 5 failed each time), 5 cancelled 3 hours ago;
    // test fires and pending rows, which the chart never counts.
    await t.query(
      `INSERT INTO deliveries (id, postback_id, type, trigger_key, state, test, publisher_id,
                               snapshot, scheduled_for, created_at, completed_at, next_attempt_at)
       SELECT gen_random_uuid(), $1, 'click', 'backfill:' || gen_random_uuid(), s.state, s.test, $2, '{}', now(),
              now() - s.ago, CASE WHEN s.state IN ('scheduled', 'retrying') THEN NULL ELSE now() - s.ago END,
              CASE WHEN s.state IN ('scheduled', 'retrying') THEN now() + interval '1 hour' END
         FROM (VALUES ('delivered', false, interval '3 hours', 20), ('failed', false, interval '3 hours', 5),
                      ('delivered', false, interval '27 hours', 20), ('failed', false, interval '27 hours', 5),
                      ('cancelled', false, interval '3 hours', 5), ('delivered', true, interval '3 hours', 7),
                      ('retrying', false, interval '2 hours', 2))
              AS s(state, test, ago, n)
        CROSS JOIN LATERAL generate_series(1, s.n) i`,
      [rule.id, c.publisher.id],
    );
    // What the chart shows ('to' is the moment of the call).
    const numbers = (body: any) => ({
      series: body.series,
      totals: body.totals,
      successRate: body.successRate,
      queue: body.queue,
    });
    const read = async () => ({
      day: numbers((await t.get('/api/overview', { key: c.publisherKey })).body),
      week: numbers((await t.get('/api/overview?window=7d', { key: c.publisherKey })).body),
      admin: (await t.get('/api/overview?window=7d')).body.totals,
    });
    const live = await read();
    expect(live.day.totals).toEqual({ delivered: 20, failed: 5, cancelled: 5 });
    expect(live.week.totals).toEqual({ delivered: 40, failed: 10, cancelled: 5 });
    expect(live.week.queue).toMatchObject({ pending: 2, retrying: 2, due: 0 });

    const rollup = t.app.get(OutcomeRollup);
    const now = new Date();
    await Promise.all([rollup.rollUp(now), rollup.rollUp(now), rollup.rollUp(now)]);
    await rollup.rollUp(now);

    const [mark] = await t.query(
      `SELECT rolled_until FROM overview_rollup_marks WHERE name = 'deliveries'`,
    );
    const expectedMark = Math.floor((now.getTime() - 5 * 60_000) / 3_600_000) * 3_600_000;
    expect(new Date(mark.rolled_until).getTime()).toBeGreaterThanOrEqual(expectedMark);
    const rolled = await t.query(
      `SELECT state, sum(count)::int AS n FROM delivery_outcome_hours WHERE postback_id = $1
        GROUP BY state ORDER BY state`,
      [rule.id],
    );
    expect(rolled).toEqual([
      { state: 'cancelled', n: 5 },
      { state: 'delivered', n: 40 },
      { state: 'failed', n: 10 },
    ]);
    // The same numbers, now read from the rollup: nothing lost or counted twice.
    expect(await read()).toEqual(live);
  });
});
