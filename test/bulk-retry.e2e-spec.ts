import Redis from 'ioredis';
import { BULK_RETRY_MAX, BULK_RETRY_PER_SECOND } from '../src/postbacks/logs/bulk-retry.service';
import { createAdvertiser, createKey, createOffer, createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { createClick } from './helpers/tracking-fixtures';
import { REDIS_URL } from './helpers/backing-services';
import { TestApp } from './helpers/test-app';

// Retries in milliseconds instead of minutes; loopback opened for the receiver. The sweeper is
// kept out of the way: the bulk retry's own hand-over must deliver (a failed job under the same
// id would otherwise swallow it until a sweep).
const ENV = {
  POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
  DELIVERY_RETRY_SCHEDULE: '0,100,200,300,400,500,600,700',
  SWEEPER_INTERVAL_MS: String(24 * 3600 * 1000),
};

describe('Bulk retry of postback logs (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await TestApp.start(ENV);
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  // A publisher of its own on an offer of its own: no other test's rules fire for its clicks.
  async function network() {
    const advertiser = await createAdvertiser(t);
    const offer = await createOffer(t, advertiser.id);
    const publisher = await createPublisher(t);
    return { offer, publisher };
  }

  async function clickRule(
    n: { offer: any; publisher: any },
    path: string,
    fields: Record<string, unknown> = {},
  ) {
    return createRule(t, {
      type: 'click',
      publisherId: n.publisher.id,
      offerIds: [n.offer.id],
      url: receiver.url(`${path}?c={transaction_id}`),
      ...fields,
    });
  }

  async function clicks(n: { offer: any; publisher: any }, count: number) {
    const out = [];
    for (let i = 0; i < count; i++) {
      out.push(await createClick(t, { offerId: n.offer.id, publisherId: n.publisher.id }));
    }
    return out;
  }

  // The rule's log entries once `count` of them match `predicate`.
  async function entries(ruleId: number, count: number, predicate: (e: any) => boolean) {
    return eventually(
      async () => {
        const res = await t.get(`/api/postback-logs?postbackId=${ruleId}&limit=500`);
        const items: any[] = res.body.items ?? [];
        return items.length === count && items.every(predicate) ? items : undefined;
      },
      30_000,
      `${count} log entries of rule ${ruleId}`,
    );
  }

  const statuses = (e: any) => e.attempts.map((a: any) => a.statusCode);

  it('re-sends every failed delivery of a rule once the receiver is back, same idempotency key', async () => {
    const n = await network();
    receiver.script('/back', { status: 404 }, { status: 404 }, { status: 404 }, { status: 404 });
    const rule = await clickRule(n, '/back');
    await clicks(n, 4);
    const failed = await entries(rule.id, 4, (e) => e.state === 'failed');

    // A dry run counts what a retry would take and changes nothing.
    const count = await t.post('/api/postback-logs/retry', { postbackId: rule.id, dryRun: true });
    expect(count.body).toEqual({
      matched: 4,
      queued: 0,
      skipped: 0,
      skippedReason: null,
      more: false,
    });
    const untouched = await t.query(`SELECT state FROM deliveries WHERE postback_id = $1`, [
      rule.id,
    ]);
    expect(untouched.map((r) => r.state)).toEqual(Array(4).fill('failed'));

    // The receiver now answers 200 (its script is used up).
    const res = await t.post('/api/postback-logs/retry', { postbackId: rule.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      matched: 4,
      queued: 4,
      skipped: 0,
      skippedReason: null,
      more: false,
    });
    const delivered = await entries(rule.id, 4, (e) => e.state === 'delivered');
    for (const e of delivered) expect(statuses(e)).toEqual([404, 200]);
    expect(new Set(delivered.map((e) => e.id))).toEqual(new Set(failed.map((e) => e.id)));
    for (const e of delivered) {
      const sent = receiver.to('/back').filter((r) => r.target.endsWith(`c=${e.transactionId}`));
      expect(sent.map((r) => r.headers['idempotency-key'])).toEqual([e.id, e.id]);
    }

    // Without includeDelivered, delivered ones are not touched.
    const again = await t.post('/api/postback-logs/retry', { postbackId: rule.id });
    expect(again.body).toMatchObject({ matched: 0, queued: 0, more: false });
    const rows = await t.query(
      `SELECT state, attempt_count FROM deliveries WHERE postback_id = $1`,
      [rule.id],
    );
    expect(rows.map((r) => [r.state, r.attempt_count])).toEqual(Array(4).fill(['delivered', 2]));

    // With it, each is sent once more as a new attempt of the same delivery.
    const resend = await t.post('/api/postback-logs/retry', {
      postbackId: rule.id,
      includeDelivered: true,
    });
    expect(resend.body).toMatchObject({ matched: 4, queued: 4, more: false });
    const resent = await entries(
      rule.id,
      4,
      (e) => e.state === 'delivered' && e.attempts.length === 3,
    );
    for (const e of resent) {
      expect(statuses(e)).toEqual([404, 200, 200]);
      const sent = receiver.to('/back').filter((r) => r.target.endsWith(`c=${e.transactionId}`));
      expect(sent.map((r) => r.headers['idempotency-key'])).toEqual([e.id, e.id, e.id]);
    }
  });

  it("never touches another publisher's deliveries", async () => {
    const a = await network();
    const b = await network();
    receiver.script('/pub-a', { status: 404 }, { status: 404 });
    receiver.script('/pub-b', { status: 404 }, { status: 404 });
    const ruleA = await clickRule(a, '/pub-a');
    const ruleB = await clickRule(b, '/pub-b');
    await clicks(a, 2);
    await clicks(b, 2);
    await entries(ruleA.id, 2, (e) => e.state === 'failed');
    await entries(ruleB.id, 2, (e) => e.state === 'failed');
    const keyB = await createKey(t, { role: 'publisher', publisherId: b.publisher.id });

    const foreign = await t.post(
      '/api/postback-logs/retry',
      { postbackId: ruleA.id },
      { key: keyB },
    );
    expect(foreign.body).toMatchObject({ matched: 0, queued: 0 });
    const own = await t.post('/api/postback-logs/retry', {}, { key: keyB });
    expect(own.body).toMatchObject({ matched: 2, queued: 2, more: false });
    await entries(ruleB.id, 2, (e) => e.state === 'delivered');

    // B's retries have been sent and recorded; A's were never handed over.
    const rowsA = await t.query(
      `SELECT state, attempt_count FROM deliveries WHERE postback_id = $1`,
      [ruleA.id],
    );
    expect(rowsA.map((r) => [r.state, r.attempt_count])).toEqual([
      ['failed', 1],
      ['failed', 1],
    ]);
    expect(receiver.to('/pub-a')).toHaveLength(2);
    expect(receiver.to('/pub-b')).toHaveLength(4);

    const advertiserKey = await createKey(t, {
      role: 'advertiser',
      advertiserId: a.offer.advertiserId,
    });
    const refused = await t.post('/api/postback-logs/retry', {}, { key: advertiserKey });
    expect(refused.status).toBe(403);
  });

  it('gives a delivery past its last attempt one more, and skips tests and disabled rules', async () => {
    const n = await network();
    // 503 is retried: two attempts, then failed for good at maxAttempts.
    receiver.script('/spent', { status: 503 }, { status: 503 }, { status: 503 });
    const rule = await clickRule(n, '/spent', { maxAttempts: 2 });
    await clicks(n, 1);
    await entries(rule.id, 1, (e) => e.state === 'failed' && e.attempts.length === 2);

    // Past maxAttempts it still gets its one attempt; failing again it simply ends failed.
    expect((await t.post('/api/postback-logs/retry', { postbackId: rule.id })).body).toMatchObject({
      matched: 1,
      queued: 1,
    });
    const [spent] = await entries(
      rule.id,
      1,
      (e) => e.state === 'failed' && e.attempts.length === 3,
    );
    expect(statuses(spent)).toEqual([503, 503, 503]);
    expect((await t.post('/api/postback-logs/retry', { postbackId: rule.id })).body).toMatchObject({
      matched: 1,
      queued: 1,
    });
    const [done] = await entries(rule.id, 1, (e) => e.state === 'delivered');
    expect(statuses(done)).toEqual([503, 503, 503, 200]);

    // A test fire is never bulk-retried.
    receiver.script('/spent', { status: 404 });
    const fired = await t.post(`/api/postbacks/${rule.id}/test`, {});
    expect(fired.body.state).toBe('failed');
    const onlyTest = await t.post('/api/postback-logs/retry', {
      postbackId: rule.id,
      includeDelivered: false,
    });
    expect(onlyTest.body).toMatchObject({ matched: 0, queued: 0 });

    // A disabled rule's deliveries would be cancelled by the worker: they are skipped, untouched.
    receiver.script('/off', { status: 404 });
    const off = await clickRule(n, '/off');
    await clicks(n, 1);
    await entries(off.id, 1, (e) => e.state === 'failed');
    expect((await t.patch(`/api/postbacks/${off.id}`, { enabled: false })).status).toBe(200);
    const skipped = await t.post('/api/postback-logs/retry', { postbackId: off.id });
    expect(skipped.body).toEqual({
      matched: 1,
      queued: 0,
      skipped: 1,
      skippedReason: 'rule_disabled',
      more: false,
    });
    const [row] = await t.query(`SELECT state FROM deliveries WHERE postback_id = $1`, [off.id]);
    expect(row.state).toBe('failed');
  });

  it('answers 400 for bad filters', async () => {
    expect((await t.post('/api/postback-logs/retry', { includeDelivered: 'yes' })).status).toBe(
      400,
    );
    expect((await t.post('/api/postback-logs/retry', { postbackId: 'x' })).status).toBe(400);
    expect((await t.post('/api/postback-logs/retry', { colour: 'red' })).status).toBe(400);
  });
});

// The cap, on an API-only process: no worker sends the 10,000 the call hands to the queue.
describe('Bulk retry cap (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ ...ENV, ROLE: 'api' });
  });
  afterAll(async () => {
    await t.stop();
  });

  it(`retries at most ${BULK_RETRY_MAX} per call and says more matched`, async () => {
    const advertiser = await createAdvertiser(t);
    const offer = await createOffer(t, advertiser.id);
    const publisher = await createPublisher(t);
    const rule = await createRule(t, {
      type: 'click',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: 'http://127.0.0.1:9/never',
    });
    const total = BULK_RETRY_MAX + 50;
    await t.query(
      `INSERT INTO deliveries (id, postback_id, type, trigger_key, state, publisher_id, snapshot,
         scheduled_for, attempt_count, completed_at)
       SELECT gen_random_uuid(), $1, 'click', 'bulk:' || g, 'failed', $2, '{}'::jsonb,
              now(), 1, now()
         FROM generate_series(1, $3) g`,
      [rule.id, publisher.id, total],
    );

    const res = await t.post('/api/postback-logs/retry', { postbackId: rule.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      matched: BULK_RETRY_MAX,
      queued: BULK_RETRY_MAX,
      skipped: 0,
      skippedReason: null,
      more: true,
    });
    const rows = await t.query(
      `SELECT state, count(*)::int AS n, count(next_attempt_at)::int AS due,
              count(completed_at)::int AS completed
         FROM deliveries WHERE postback_id = $1 GROUP BY state ORDER BY state`,
      [rule.id],
    );
    expect(rows).toEqual([
      { state: 'failed', n: 50, due: 0, completed: 50 },
      { state: 'retrying', n: BULK_RETRY_MAX, due: BULK_RETRY_MAX, completed: 0 },
    ]);
    // Spread at the bulk pace, not all due at once: 10,000 over about 40 s.
    const [spread] = await t.query(
      `SELECT extract(epoch FROM max(next_attempt_at) - min(next_attempt_at))::float8 AS seconds
         FROM deliveries WHERE postback_id = $1 AND state = 'retrying'`,
      [rule.id],
    );
    expect(spread.seconds).toBeCloseTo((BULK_RETRY_MAX - 1) / BULK_RETRY_PER_SECOND, 0);

    // Handed to the queue, jobId = delivery id: due now, or delayed until their turn.
    const redis = new Redis(REDIS_URL);
    const prefix = `${t.config.QUEUE_PREFIX}:deliveries`;
    try {
      const waiting = await redis.llen(`${prefix}:wait`);
      const delayed = await redis.zcard(`${prefix}:delayed`);
      expect(waiting + delayed).toBe(BULK_RETRY_MAX);
      expect(delayed).toBeGreaterThan(BULK_RETRY_MAX / 2);
    } finally {
      redis.disconnect();
    }

    const rest = await t.post('/api/postback-logs/retry', { postbackId: rule.id });
    expect(rest.body).toMatchObject({ matched: 50, queued: 50, more: false });
  });
});
