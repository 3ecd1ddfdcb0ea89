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
});

describe('Metrics (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.stop());

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
    expect(viaBasic.body.queues.map((q: any) => q.name).sort()).toEqual([
      'deliveries',
      'maintenance',
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
