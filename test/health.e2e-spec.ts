import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DeliveryQueue } from '../src/postbacks/delivery/delivery-queue';
import { QUEUES } from '../src/queue/job-registry';
import { clickOn, createConversion, createNetwork } from './helpers/conversion-fixtures';
import { createRuleOn } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { TestApp } from './helpers/test-app';

describe('Health and docs (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.stop());

  it('reports liveness and readiness of PostgreSQL and Redis without a key', async () => {
    expect((await t.get('/health', { key: null })).body).toEqual({ status: 'ok' });
    const ready = await t.get('/health/ready', { key: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ok',
      checks: { postgres: { ok: true }, redis: { ok: true } },
    });
  });

  it('serves the OpenAPI document', async () => {
    const doc = await t.get('/docs-json', { key: null });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/offers', '/api/api-keys']),
    );
    expect((await t.get('/docs', { key: null })).status).toBe(200);
  });
});

describe('Readiness with Redis down (e2e)', () => {
  let t: TestApp;
  // A port nothing listens on stands in for a Redis outage.
  beforeAll(async () => (t = await TestApp.start({ REDIS_URL: 'redis://127.0.0.1:1' })));
  afterAll(() => t.stop());

  it('answers 503 naming the failing dependency while liveness stays 200', async () => {
    expect((await t.get('/health', { key: null })).status).toBe(200);
    const ready = await t.get('/health/ready', { key: null });
    expect(ready.status).toBe(503);
    expect(ready.body.checks.postgres).toEqual({ ok: true });
    expect(ready.body.checks.redis.ok).toBe(false);
  });

  it('records clicks and leaves their deliveries to the sweeper without holding any job', async () => {
    const net = await createNetwork(t);
    await createRuleOn(t, net, {
      type: 'click',
      url: 'https://tracker.example/pb?c={transaction_id}',
    });
    const addBulk = jest.spyOn(t.app.get<Queue>(getQueueToken(QUEUES.deliveries)), 'addBulk');
    const handOver = jest.spyOn(t.app.get(DeliveryQueue), 'add');
    const transactionId = await clickOn(t, net);
    const [delivery] = await t.query(
      `SELECT state, attempt_count FROM deliveries WHERE transaction_id = $1`,
      [transactionId],
    );
    expect(delivery).toEqual({ state: 'scheduled', attempt_count: 0 });
    // Never connected: once the hand-over has given up (after 1 s), no job was handed to BullMQ
    // to hold until Redis answers.
    await eventually(async () => handOver.mock.results.length > 0, 20_000, 'the hand-over');
    expect(await handOver.mock.results[0].value).toBe(false);
    expect(addBulk).not.toHaveBeenCalled();
  });
});

describe('Metrics (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await TestApp.start({ POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  // The value of one series in the exposition text; 0 while the series does not exist yet.
  async function metric(series: string): Promise<number> {
    const text = (await t.get('/metrics')).text;
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  }

  it('counts clicks, conversions by status and deliveries by outcome', async () => {
    const net = await createNetwork(t);
    await createRuleOn(t, net, {
      type: 'conversion',
      url: receiver.url('/metrics-pb?c={transaction_id}'),
    });
    const series = [
      'clicks_total',
      'conversions_total{status="approved"}',
      'postback_deliveries_total{outcome="delivered"}',
      'postback_attempt_duration_seconds_count{outcome="delivered"}',
    ];
    const before = await Promise.all(series.map(metric));
    await createConversion(t, { transactionId: await clickOn(t, net) });
    await receiver.waitFor('/metrics-pb', 1);
    const after = await eventually(
      async () => {
        const now = await Promise.all(series.map(metric));
        return now[2] > before[2] ? now : undefined;
      },
      10_000,
      'delivery metrics',
    );
    expect(after.map((v, i) => v - before[i])).toEqual([1, 1, 1, 1]);
  });

  it('serves Prometheus metrics to admins only, with queue depth read from Redis', async () => {
    expect((await t.get('/metrics', { key: null })).status).toBe(401);
    const res = await t.get('/metrics');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/plain');
    for (const name of [
      'postback_deliveries_total',
      'postback_attempt_duration_seconds',
      'clicks_total',
      'conversions_total',
    ]) {
      expect(res.text).toContain(`# TYPE ${name}`);
    }
    expect(res.text).toMatch(/postback_queue_jobs\{state="waiting"\} \d+/);
  });
});

describe('Queue dashboard (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.stop());

  it('is served to admins only, by Bearer key or Basic password', async () => {
    const anonymous = await t.get('/admin/queues', { key: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic /);
    expect((await t.get('/admin/queues')).status).toBe(200);
    const basic = Buffer.from(`admin:${t.adminKey}`).toString('base64');
    const viaBasic = await t.get('/admin/queues/api/queues', {
      key: null,
      headers: { authorization: `Basic ${basic}` },
    });
    expect(viaBasic.status).toBe(200);
    // The sweepers and the retention purge run on timers, not from a queue.
    expect(viaBasic.body.queues.map((q: any) => q.name).sort()).toEqual([
      'deliveries',
      'notifications',
    ]);
    const wrong = Buffer.from('admin:not-the-key').toString('base64');
    expect(
      (
        await t.get('/admin/queues/api/queues', {
          key: null,
          headers: { authorization: `Basic ${wrong}` },
        })
      ).status,
    ).toBe(401);
  });
});
