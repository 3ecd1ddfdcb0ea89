import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DeliverySweeper } from '../src/postbacks/delivery/delivery-sweeper';
import { QUEUES } from '../src/queue/job-registry';
import { redisConnectionOptions } from '../src/queue/redis-connection';
import { clickOn, createConversion, createNetwork, Network } from './helpers/conversion-fixtures';
import { createOffer } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { rawGet } from './helpers/tracking-fixtures';
import { TestApp } from './helpers/test-app';

const ENV = {
  POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
  DELIVERY_RETRY_SCHEDULE: '0,100,200',
  SWEEPER_INTERVAL_MS: '1000',
};
const FINAL_STATES = ['delivered', 'failed', 'cancelled'];

describe('Conversion, event and impression postbacks (e2e)', () => {
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

  // Waits until no delivery of these conversions will be sent again. Deliveries are written with
  // their conversion, so none can appear later; a delivered one reached the receiver before it
  // was marked so. What the receiver holds then is all it will ever get for them.
  async function deliveriesFinished(...conversions: { id: string }[]): Promise<void> {
    await eventually(
      async () => {
        const rows: { state: string }[] = await t.query(
          'SELECT state FROM deliveries WHERE conversion_id = ANY($1)',
          [conversions.map((c) => c.id)],
        );
        return rows.every((row) => FINAL_STATES.includes(row.state));
      },
      20_000,
      'every delivery of the conversions finished',
    );
  }

  async function convert(net: Network, offerId: number, body: Record<string, unknown> = {}) {
    const transactionId = await clickOn(t, { ...net, offer: { ...net.offer, id: offerId } });
    return createConversion(t, { transactionId, ...body });
  }

  it('lets a local rule win over the global one for its offer only, alongside a network-level CRM rule', async () => {
    const net = await createNetwork(t);
    const other = await createOffer(t, net.advertiser.id, { name: 'Second offer' });
    await createRule(t, {
      type: 'conversion',
      publisherId: net.publisher.id,
      url: receiver.url('/prio-global?c={conversion_id}'),
    });
    const local = await createRule(t, {
      type: 'conversion',
      publisherId: net.publisher.id,
      offerIds: [net.offer.id],
      url: receiver.url('/prio-local?c={conversion_id}'),
    });
    const crmRule = await createRule(t, {
      type: 'conversion',
      publisherId: null,
      method: 'POST',
      url: receiver.url('/crm/conversions'),
      headers: { 'X-Api-Token': 'crm-secret-{offer_id}' },
      contentType: 'application/json',
      body: '{"id":"{conversion_id}","click":"{external_transaction_id}","revenue":"{revenue}","payout":"{payout}","status":"{status}","adv":"{advertiser_id}"}',
    });

    const onLocal = await convert(net, net.offer.id, { revenue: '9.5', payout: '4' });
    const onOther = await convert(net, other.id);
    await receiver.waitFor('/crm/', 2);
    await receiver.waitFor('/prio-', 2);
    await deliveriesFinished(onLocal, onOther);
    expect(receiver.to('/prio-local').map((r) => r.target)).toEqual([
      `/prio-local?c=${onLocal.id}`,
    ]);
    expect(receiver.to('/prio-global').map((r) => r.target)).toEqual([
      `/prio-global?c=${onOther.id}`,
    ]);

    const crm = receiver.to('/crm/').find((r) => r.body.includes(onLocal.id))!;
    expect(crm.method).toBe('POST');
    expect(crm.headers['content-type']).toBe('application/json');
    expect(crm.headers['x-api-token']).toBe(`crm-secret-${net.offer.id}`);
    const [click] = await t.query(
      'SELECT external_transaction_id FROM clicks WHERE transaction_id = $1',
      [onLocal.transactionId],
    );
    expect(JSON.parse(crm.body)).toEqual({
      id: onLocal.id,
      click: click.external_transaction_id,
      revenue: '9.50',
      payout: '4.00',
      status: 'approved',
      adv: String(net.advertiser.id),
    });

    // Disabling the local rule hands the offer back to the global rule.
    await t.patch(`/api/postbacks/${local.id}`, { enabled: false });
    const after = await convert(net, net.offer.id);
    await receiver.waitFor(`/prio-global?c=${after.id}`);
    await deliveriesFinished(after);
    expect(receiver.to('/prio-local')).toHaveLength(1);
    // The network-level rule fires for every publisher: switch it off for the tests below.
    await t.patch(`/api/postbacks/${crmRule.id}`, { enabled: false });
  });

  it('fires event rules for their events only, and keeps base and event conversions apart', async () => {
    const net = await createNetwork(t);
    await createRule(t, {
      type: 'event',
      publisherId: net.publisher.id,
      events: ['deposit'],
      url: receiver.url('/ev-deposit?e={event}&c={conversion_id}'),
    });
    await createRule(t, {
      type: 'conversion',
      publisherId: net.publisher.id,
      url: receiver.url('/ev-base?c={conversion_id}'),
    });
    const deposit = await convert(net, net.offer.id, { event: 'deposit' });
    const signup = await convert(net, net.offer.id, { event: 'signup' });
    const base = await convert(net, net.offer.id);
    await receiver.waitFor('/ev-deposit');
    await receiver.waitFor('/ev-base');
    await deliveriesFinished(deposit, signup, base);
    expect(receiver.to('/ev-deposit').map((r) => r.target)).toEqual([
      `/ev-deposit?e=deposit&c=${deposit.id}`,
    ]);
    expect(receiver.to('/ev-base').map((r) => r.target)).toEqual([`/ev-base?c=${base.id}`]);
    expect(JSON.stringify(receiver.to('/ev-'))).not.toContain(signup.id);
  });

  it('applies status and rejection-reason conditions', async () => {
    const net = await createNetwork(t);
    await createRule(t, {
      type: 'conversion',
      publisherId: net.publisher.id,
      statuses: ['rejected'],
      rejectionReasons: ['fraud'],
      url: receiver.url('/rej?c={conversion_id}&r={rejection_reason}&s={status}'),
    });
    const fraud = await convert(net, net.offer.id, {
      status: 'rejected',
      rejectionReason: 'fraud',
    });
    const dup = await convert(net, net.offer.id, {
      status: 'rejected',
      rejectionReason: 'duplicate',
    });
    const approved = await convert(net, net.offer.id);
    await receiver.waitFor('/rej');
    await deliveriesFinished(fraud, dup, approved);
    expect(receiver.to('/rej').map((r) => r.target)).toEqual([
      `/rej?c=${fraud.id}&r=fraud&s=rejected`,
    ]);
    for (const c of [dup, approved])
      expect(JSON.stringify(receiver.to('/rej'))).not.toContain(c.id);
  });

  it('holds a delayed postback for its delay, and cancels it when the conversion is rejected first', async () => {
    const net = await createNetwork(t);
    await createRule(t, {
      type: 'conversion',
      publisherId: net.publisher.id,
      delaySeconds: 2,
      url: receiver.url('/delayed?c={conversion_id}'),
    });
    const sentAt = Date.now();
    const kept = await convert(net, net.offer.id);
    const [request] = await receiver.waitFor(`/delayed?c=${kept.id}`);
    expect(request.receivedAt - sentAt).toBeGreaterThanOrEqual(2_000);

    const doomed = await convert(net, net.offer.id, { status: 'pending' });
    const approved = await t.patch(`/api/conversions/${doomed.id}`, { status: 'approved' });
    expect(approved.status).toBe(200);
    const rejected = await t.patch(`/api/conversions/${doomed.id}`, {
      status: 'rejected',
      rejectionReason: 'fraud',
    });
    expect(rejected.status).toBe(200);
    const entry = await eventually(async () => {
      const items = (await t.get(`/api/postback-logs?conversionId=${doomed.id}`)).body.items;
      return items.length === 1 && items[0].state === 'cancelled' ? items[0] : undefined;
    });
    expect(entry.attempts).toEqual([]);
    // Its queue job stays until its delay is over; once the worker has finished it (a completed
    // job is removed), it had its chance to send.
    const queue = new Queue(QUEUES.deliveries, {
      connection: redisConnectionOptions(t.config.REDIS_URL),
      prefix: t.config.QUEUE_PREFIX,
    });
    try {
      await eventually(
        async () => {
          const job = await queue.getJob(entry.id);
          return job === undefined || ['completed', 'failed'].includes(await job.getState());
        },
        20_000,
        "the cancelled delivery's job handled",
      );
    } finally {
      await queue.close();
    }
    expect(receiver.to(`/delayed?c=${doomed.id}`)).toHaveLength(0);
    expect((await t.get(`/api/postback-logs/${entry.id}`)).body.state).toBe('cancelled');
  });

  it('fires impression postbacks with the impression id', async () => {
    const net = await createNetwork(t);
    await createRule(t, {
      type: 'impression',
      publisherId: net.publisher.id,
      url: receiver.url('/imp?i={impression_id}&o={offer_id}&s={sub1}'),
    });
    const res = await rawGet(
      t,
      `/impression?offer_id=${net.offer.id}&aff_id=${net.publisher.id}&sub1=banner%201`,
    );
    expect(res.status).toBe(200);
    const [row] = await t.query('SELECT id FROM impressions WHERE publisher_id = $1', [
      net.publisher.id,
    ]);
    const [request] = await receiver.waitFor('/imp');
    expect(request.target).toBe(`/imp?i=${row.id}&o=${net.offer.id}&s=banner%201`);
  });

  it('hands over a due delivery whose queue job was lost (sweeper)', async () => {
    const net = await createNetwork(t);
    await createRule(t, {
      type: 'conversion',
      publisherId: net.publisher.id,
      delaySeconds: 1,
      url: receiver.url('/swept?c={conversion_id}'),
    });
    const conversion = await convert(net, net.offer.id);
    const [delivery] = await t.query('SELECT id FROM deliveries WHERE conversion_id = $1', [
      conversion.id,
    ]);

    // Redis loses the job (a flush, a failover) while PostgreSQL keeps the delivery.
    const queue = new Queue(QUEUES.deliveries, {
      connection: redisConnectionOptions(t.config.REDIS_URL),
      prefix: t.config.QUEUE_PREFIX,
    });
    try {
      const job = await queue.getJob(delivery.id);
      expect(job).toBeDefined();
      await job!.remove();
      expect(await queue.getJob(delivery.id)).toBeUndefined();
    } finally {
      await queue.close();
    }
    const [request] = await receiver.waitFor(`/swept?c=${conversion.id}`, 1, 30_000);
    expect(request.headers['idempotency-key']).toBe(delivery.id);
    const entry = await eventually(async () => {
      const body = (await t.get(`/api/postback-logs/${delivery.id}`)).body;
      return body.state === 'delivered' ? body : undefined;
    });
    expect(entry.attempts).toHaveLength(1);
  });
});

describe('Sweeper (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    // Sweeps only when the test says so.
    t = await TestApp.start({ ...ENV, SWEEPER_INTERVAL_MS: '3600000' });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  // A network with a click rule. The first scheduled sweep is an interval (an hour) away.
  async function clickRuleNetwork(fields: Record<string, unknown>) {
    const net = await createNetwork(t);
    const rule = await createRule(t, {
      type: 'click',
      publisherId: net.publisher.id,
      offerIds: [net.offer.id],
      ...fields,
    });
    return { net, rule };
  }

  it('hands over every orphaned delivery in one sweep, not one batch of 500', async () => {
    const { net, rule } = await clickRuleNetwork({ url: receiver.url('/orphan?d={delivery_id}') });
    // Committed while Redis was away: due for a minute, no job anywhere.
    const total = 1_234;
    await t.query(
      `INSERT INTO deliveries (id, postback_id, type, trigger_key, state, publisher_id, offer_id,
                               snapshot, scheduled_for, next_attempt_at)
       SELECT gen_random_uuid(), $1, 'click', 'orphan:' || i, 'scheduled', $2, $3, '{}',
              now() - interval '1 minute', now() - interval '1 minute'
         FROM generate_series(1, $4::int) i`,
      [rule.id, net.publisher.id, net.offer.id, total],
    );

    expect(await t.app.get(DeliverySweeper).sweepOnce()).toBe(total);
    const delivered = await eventually(
      async () => {
        const [row] = await t.query(
          `SELECT count(*)::int AS n FROM deliveries WHERE postback_id = $1 AND state = 'delivered'`,
          [rule.id],
        );
        return row.n === total ? row.n : undefined;
      },
      30_000,
      'all orphans delivered',
    );
    expect(delivered).toBe(total);
    expect(new Set(receiver.to('/orphan').map((r) => r.headers['idempotency-key'])).size).toBe(
      total,
    );
    // Nothing left to hand over: every one is carried or done.
    expect(await t.app.get(DeliverySweeper).sweepOnce()).toBe(0);
  });

  it('keeps the due time of a retrying delivery through a manual retry, so a lost job is swept', async () => {
    const { net, rule } = await clickRuleNetwork({ url: receiver.url('/kept?d={delivery_id}') });
    // The first attempt is asked to wait an hour; the manual retry meets a 503 too.
    receiver.script('/kept', { status: 503, headers: { 'retry-after': '3600' } }, { status: 503 });
    await clickOn(t, net);
    const queue = new Queue(QUEUES.deliveries, {
      connection: redisConnectionOptions(t.config.REDIS_URL),
      prefix: t.config.QUEUE_PREFIX,
    });
    try {
      const retrying = await eventually(async () => {
        const [row] = await t.query(
          `SELECT id, state, next_attempt_at FROM deliveries WHERE postback_id = $1`,
          [rule.id],
        );
        return row?.state === 'retrying' && (await queue.getJobState(row.id)) === 'delayed'
          ? row
          : undefined;
      });
      expect(retrying.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);

      const retried = await t.post(`/api/postback-logs/${retrying.id}/retry`);
      expect(retried.status).toBe(201);
      expect(retried.body.state).toBe('retrying');
      expect(retried.body.attempts.map((a: any) => a.statusCode)).toEqual([503, 503]);
      const [kept] = await t.query(`SELECT next_attempt_at FROM deliveries WHERE id = $1`, [
        retrying.id,
      ]);
      expect(kept.next_attempt_at).toEqual(retrying.next_attempt_at);

      // Redis loses the job, and the hour passes.
      await (await queue.getJob(retrying.id))!.remove();
      await t.query(
        `UPDATE deliveries SET next_attempt_at = next_attempt_at - interval '2 hours' WHERE id = $1`,
        [retrying.id],
      );
      expect(await t.app.get(DeliverySweeper).sweepOnce()).toBe(1);
      const requests = await receiver.waitFor('/kept', 3);
      expect(requests.map((r) => r.headers['idempotency-key'])).toEqual(Array(3).fill(retrying.id));
      const entry = await eventually(async () => {
        const body = (await t.get(`/api/postback-logs/${retrying.id}`)).body;
        return body.state === 'delivered' ? body : undefined;
      });
      expect(entry.attempts.map((a: any) => a.statusCode)).toEqual([503, 503, 200]);
    } finally {
      await queue.close();
    }
  });

  it('never turns a delivery the queue finished back into a pending one by a manual retry', async () => {
    const queue = new Queue(QUEUES.deliveries, {
      connection: redisConnectionOptions(t.config.REDIS_URL),
      prefix: t.config.QUEUE_PREFIX,
    });
    try {
      // The manual retry meets a 503 (it would leave the delivery retrying) or a 404 (failed).
      for (const manualStatus of [503, 404]) {
        const path = `/raced-${manualStatus}`;
        const { net, rule } = await clickRuleNetwork({
          url: receiver.url(`${path}?d={delivery_id}`),
          timeoutMs: 30_000,
        });
        const manualAnswers = deferred();
        receiver.script(
          path,
          { status: 503, headers: { 'retry-after': '3600' } },
          { status: manualStatus, until: manualAnswers.promise },
        );
        await clickOn(t, net);
        const retrying = await eventually(async () => {
          const [row] = await t.query(`SELECT id, state FROM deliveries WHERE postback_id = $1`, [
            rule.id,
          ]);
          return row?.state === 'retrying' && (await queue.getJobState(row.id)) === 'delayed'
            ? row
            : undefined;
        });

        // The manual retry is in flight when the queue's own attempt delivers.
        const retried = t.post(`/api/postback-logs/${retrying.id}/retry`);
        await receiver.waitFor(path, 2);
        await (await queue.getJob(retrying.id))!.promote();
        await receiver.waitFor(path, 3);
        await eventually(async () => {
          const [row] = await t.query(`SELECT state FROM deliveries WHERE id = $1`, [retrying.id]);
          return row.state === 'delivered';
        });
        manualAnswers.resolve();

        const res = await retried;
        expect(res.status).toBe(201);
        expect(res.body.attempts.map((a: any) => [a.n, a.statusCode])).toEqual([
          [1, 503],
          [2, manualStatus],
          [3, 200],
        ]);
        const [row] = await t.query(
          `SELECT state, next_attempt_at, completed_at FROM deliveries WHERE id = $1`,
          [retrying.id],
        );
        expect(row).toEqual({
          state: 'delivered',
          next_attempt_at: null,
          completed_at: expect.any(Date),
        });
        expect(await t.app.get(DeliverySweeper).sweepOnce()).toBe(0);
      }
    } finally {
      await queue.close();
    }
  });

  it('keeps a delivery a manual retry delivered, when the queued attempt it raced fails', async () => {
    const { net } = await clickRuleNetwork({
      url: receiver.url('/raced-queued?d={delivery_id}'),
      timeoutMs: 30_000,
    });
    const queuedAnswers = deferred();
    receiver.script('/raced-queued', { status: 404, until: queuedAnswers.promise });
    await clickOn(t, net);
    const [queued] = await receiver.waitFor('/raced-queued', 1);
    const id = queued.headers['idempotency-key'] as string;

    const retried = await t.post(`/api/postback-logs/${id}/retry`);
    expect(retried.body.state).toBe('delivered');
    queuedAnswers.resolve();
    await eventually(async () => {
      const [row] = await t.query(
        `SELECT count(*)::int AS n FROM delivery_attempts WHERE delivery_id = $1`,
        [id],
      );
      return row.n === 2;
    });
    const [row] = await t.query(`SELECT state, completed_at FROM deliveries WHERE id = $1`, [id]);
    expect(row).toEqual({ state: 'delivered', completed_at: expect.any(Date) });

    // A retry by hand of a finished delivery still shows what it met.
    receiver.script('/raced-queued', { status: 404 });
    const again = await t.post(`/api/postback-logs/${id}/retry`);
    expect(again.body.state).toBe('failed');
  });

  it('replaces a failed job of a delivery that is still due, and leaves carried ones alone', async () => {
    const { net, rule } = await clickRuleNetwork({
      delaySeconds: 60,
      url: receiver.url('/refailed?d={delivery_id}'),
    });
    await clickOn(t, net);
    await clickOn(t, net);
    const [failed, carried] = await t.query(
      `UPDATE deliveries SET next_attempt_at = now() - interval '1 minute'
        WHERE postback_id = $1 RETURNING id`,
      [rule.id],
    );
    // Both jobs wait in the delayed set; one is also marked failed (the processor threw).
    const queue = new Queue(QUEUES.deliveries, {
      connection: redisConnectionOptions(t.config.REDIS_URL),
      prefix: t.config.QUEUE_PREFIX,
    });
    try {
      const redis = new Redis(t.config.REDIS_URL);
      await redis.zadd(queue.toKey('failed'), Date.now(), failed.id);
      redis.disconnect();
      expect(await t.app.get(DeliverySweeper).sweepOnce()).toBe(1);
      const [request] = await receiver.waitFor('/refailed', 1);
      expect(request.headers['idempotency-key']).toBe(failed.id);
      expect(await queue.getJobState(carried.id)).toBe('delayed');
    } finally {
      await queue.close();
    }
  });
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
