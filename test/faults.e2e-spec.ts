import { CATALOG_CACHE_TTL_MS } from '../src/catalog/catalog-cache';
import {
  AppProcess,
  cleanupAfterEach,
  processTest,
  ServiceBacking,
} from './helpers/app-process';
import { click, clickOk, createProcessNetwork, createRule } from './helpers/process-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { deleteRedisKeys } from './helpers/backing-services';
import { TcpProxy } from './helpers/tcp-proxy';

// Each test runs the service as real child processes on a database and queue prefix of its own;
// PostgreSQL and Redis are taken away through a TcpProxy, never on the shared servers.

// Things each test started, undone after it whether it passed or not (children are killed first).
const onCleanup = cleanupAfterEach();

const faultTest = processTest;

async function backing(): Promise<ServiceBacking> {
  return onCleanup(await ServiceBacking.create(), (b) => b.dispose());
}

async function receiver(): Promise<Receiver> {
  return onCleanup(await Receiver.start(), (r) => r.stop());
}

async function proxyTo(url: string, defaultPort: number): Promise<TcpProxy> {
  return onCleanup(await TcpProxy.forUrl(url, defaultPort), (p) => p.stop());
}

async function deliveryStates(b: ServiceBacking, ruleId: number): Promise<Map<string, string>> {
  const rows = await b.query<{ id: string; state: string }>(
    `SELECT id, state FROM deliveries WHERE postback_id = $1`,
    [ruleId],
  );
  return new Map(rows.map((row) => [row.id, row.state]));
}

// Resolves with the rule's deliveries once there are `count` and all are delivered.
function allDelivered(b: ServiceBacking, ruleId: number, count: number, timeoutMs: number) {
  return eventually(
    async () => {
      const states = await deliveryStates(b, ruleId);
      return states.size === count && [...states.values()].every((s) => s === 'delivered')
        ? states
        : undefined;
    },
    timeoutMs,
    `${count} deliveries of rule ${ruleId} delivered`,
  );
}

// How many times the receiver saw each Idempotency-Key (= delivery id) under `prefix`.
function receivedKeys(r: Receiver, prefix: string): Map<string, number> {
  const seen = new Map<string, number>();
  for (const request of r.to(prefix)) {
    const key = String(request.headers['idempotency-key']);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return seen;
}

describe('Faults with real processes (e2e)', () => {
  faultTest(
    'a worker killed with SIGKILL mid-delivery loses nothing: a new worker delivers every one',
    150_000,
    async () => {
      const b = await backing();
      const r = await receiver();
      // Slow answers keep many attempts in flight when the worker dies.
      for (let i = 0; i < 100; i++) r.script('/kill', { delayMs: 1_500 });
      const [api, firstWorker] = await Promise.all([
        AppProcess.start(b.env({ ROLE: 'api' }), { name: 'api' }),
        AppProcess.start(b.env({ ROLE: 'worker' }), { name: 'worker-1', ready: 'none' }),
      ]);
      const network = await createProcessNetwork(api);
      const rule = await createRule(api, network, {
        type: 'click',
        url: r.url('/kill?tid={transaction_id}&d={delivery_id}'),
      });
      await eventually(async () => (await b.deliveryWorkers()) >= 1, 60_000, 'worker-1 up');

      const clicks = 30;
      const transactionIds = await Promise.all(
        Array.from({ length: clicks }, () => clickOk(api, network)),
      );
      // Up to 20 attempts run at once per origin: kill with most of them waiting on the receiver.
      await r.waitFor('/kill', 15, 30_000);
      const deliveredBefore = [...(await deliveryStates(b, rule.id)).values()].filter(
        (s) => s === 'delivered',
      ).length;
      expect(await firstWorker.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      const killedAt = Date.now();
      // The point of the test: attempts were under way when the worker died.
      expect(deliveredBefore).toBeLessThan(clicks);

      await AppProcess.start(b.env({ ROLE: 'worker' }), { name: 'worker-2', ready: 'none' });
      const states = await allDelivered(b, rule.id, clicks, 120_000);
      const recoveredInMs = Date.now() - killedAt;

      // Every delivery reached the receiver at least once, for the click it belongs to.
      const seen = receivedKeys(r, '/kill');
      expect(new Set(seen.keys())).toEqual(new Set(states.keys()));
      const clicksSeen = new Set(
        r.to('/kill').map((q) => new URL(q.target, r.origin).searchParams.get('tid')),
      );
      expect(clicksSeen).toEqual(new Set(transactionIds));
      const logs = await api.get(`/api/postback-logs?postbackId=${rule.id}&limit=100`);
      expect(logs.body.items).toHaveLength(clicks);
      expect(logs.body.items.every((e: any) => e.state === 'delivered')).toBe(true);

      // Only attempts under way when the worker died are repeated; a recorded delivery never is.
      const firstSeen = new Map<string, number>();
      for (const q of r.to('/kill').reverse())
        firstSeen.set(String(q.headers['idempotency-key']), q.receivedAt);
      const repeated = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
      expect(repeated.filter((id) => firstSeen.get(id)! > killedAt)).toEqual([]);
      expect(Math.max(...seen.values())).toBeLessThanOrEqual(2);

      const requests = r.to('/kill').length;
      const duplicates = requests - seen.size;
      console.log(
        `SIGKILL worker: ${clicks} deliveries, ${deliveredBefore} delivered before the kill, ` +
          `${requests} requests received, ${duplicates} duplicates ` +
          `(${((100 * duplicates) / clicks).toFixed(1)}% of deliveries), ` +
          `all delivered ${(recoveredInMs / 1000).toFixed(1)} s after the kill`,
      );
    },
  );

  faultTest(
    'with Redis unavailable, clicks and conversions are accepted and delivered once it is back',
    120_000,
    async () => {
      const b = await backing();
      const r = await receiver();
      const redis = await proxyTo(b.redisUrl, 6379);
      const app = await AppProcess.start(
        b.env({ ROLE: 'all', REDIS_URL: redis.rewrite(b.redisUrl) }),
      );
      const network = await createProcessNetwork(app);
      const clickRule = await createRule(app, network, {
        type: 'click',
        url: r.url('/redis-click?d={delivery_id}'),
      });
      const conversionRule = await createRule(app, network, {
        type: 'conversion',
        url: r.url('/redis-conv?d={delivery_id}&s={status}'),
      });

      redis.pause();
      const ready = await app.get('/health/ready', { key: null, timeoutMs: 10_000 });
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toMatchObject({ postgres: { ok: true }, redis: { ok: false } });

      // Each answer is bounded: the queue hand-over gives up after a second, the sweeper catches up.
      const answerWithin = { timeoutMs: 8_000 };
      const transactionIds: string[] = [];
      for (let i = 0; i < 4; i++) transactionIds.push(await clickOk(app, network, 8_000));
      const viaApi = await app.post(
        '/api/conversions',
        { transactionId: transactionIds[0] },
        answerWithin,
      );
      expect(viaApi.status).toBe(201);
      const viaIntake = await app.get(
        `/postback/${network.advertiser.postbackKey}?transaction_id=${transactionIds[1]}&status=sale`,
        { key: null, ...answerWithin },
      );
      expect(viaIntake.status).toBe(200);
      expect(viaIntake.text).toBe('OK');
      // Still down: nothing above waited for Redis to come back.
      expect((await app.get('/health/ready', { key: null, timeoutMs: 10_000 })).status).toBe(503);
      // The hand-overs failed at once (producers keep no offline queue), none by its timeout.
      expect(app.output).toContain('left for the sweeper');
      expect(app.output).not.toContain('queue did not answer in time');

      redis.resume();
      await eventually(
        async () => (await app.get('/health/ready', { key: null })).status === 200,
        30_000,
        'ready again',
      );
      const clickDeliveries = await allDelivered(b, clickRule.id, 4, 60_000);
      const conversionDeliveries = await allDelivered(b, conversionRule.id, 2, 60_000);
      const seenClicks = receivedKeys(r, '/redis-click');
      const seenConversions = receivedKeys(r, '/redis-conv');
      for (const id of clickDeliveries.keys()) expect(seenClicks.get(id)).toBeGreaterThanOrEqual(1);
      for (const id of conversionDeliveries.keys())
        expect(seenConversions.get(id)).toBeGreaterThanOrEqual(1);
    },
  );

  faultTest(
    'when Redis loses its data, waiting deliveries still go out, without a restart',
    150_000,
    async () => {
      const b = await backing();
      const r = await receiver();
      const app = await AppProcess.start(b.env({ ROLE: 'all', SWEEPER_INTERVAL_MS: '2000' }));
      const network = await createProcessNetwork(app);
      const clicks = 5;
      // Retrying: each first attempt meets a 503 asking for an hour; after those the receiver is
      // fine. An hour away, nothing is sent before Redis is wiped, however slow the machine.
      for (let i = 0; i < clicks; i++)
        r.script('/lost-retry', { status: 503, headers: { 'retry-after': '3600' } });
      const retryRule = await createRule(app, network, {
        type: 'click',
        url: r.url('/lost-retry?d={delivery_id}'),
      });
      // Scheduled: due an hour after the click.
      const delayedRule = await createRule(app, network, {
        type: 'click',
        delaySeconds: 3600,
        url: r.url('/lost-delayed?d={delivery_id}'),
      });
      for (let i = 0; i < clicks; i++) await clickOk(app, network);
      const waiting = async (ruleId: number, state: string) => {
        const states = await deliveryStates(b, ruleId);
        return states.size === clicks && [...states.values()].every((s) => s === state);
      };
      await eventually(
        async () =>
          (await waiting(retryRule.id, 'retrying')) && waiting(delayedRule.id, 'scheduled'),
        30_000,
        'deliveries waiting in the queue',
      );

      // Everything of this service in Redis is gone, as after a restart without persistence.
      await deleteRedisKeys(b.redisUrl, b.queuePrefix);
      expect(r.to('/lost-retry')).toHaveLength(clicks);
      expect(r.to('/lost-delayed')).toHaveLength(0);
      // Then the hour passes: every one is due, and only the database still knows it.
      await b.query(
        `UPDATE deliveries SET next_attempt_at = now() - interval '10 s'
          WHERE postback_id = ANY($1::int[])`,
        [[retryRule.id, delayedRule.id]],
      );
      const lostAt = Date.now();

      const retried = await allDelivered(b, retryRule.id, clicks, 60_000);
      const delayed = await allDelivered(b, delayedRule.id, clicks, 60_000);
      const recoveredInMs = Date.now() - lostAt;
      expect(app.running).toBe(true);
      expect(new Set(receivedKeys(r, '/lost-retry').keys())).toEqual(new Set(retried.keys()));
      expect(new Set(receivedKeys(r, '/lost-delayed').keys())).toEqual(new Set(delayed.keys()));
      console.log(
        `Redis data lost: ${2 * clicks} waiting deliveries, all delivered ` +
          `${(recoveredInMs / 1000).toFixed(1)} s after they fell due`,
      );
    },
  );

  faultTest(
    'with PostgreSQL briefly unavailable, clicks and the API answer 503 and never a 302 for an unstored click',
    120_000,
    async () => {
      const b = await backing();
      const pg = await proxyTo(b.databaseUrl, 5432);
      const app = await AppProcess.start(
        b.env({ ROLE: 'all', DATABASE_URL: pg.rewrite(b.databaseUrl) }),
      );
      const network = await createProcessNetwork(app);
      const redirected = [await clickOk(app, network)];
      const statuses = new Set<number>();
      const clickAndCollect = async () => {
        const answer = await click(app, network);
        statuses.add(answer.status);
        if (answer.status === 302) redirected.push(answer.transactionId!);
        return answer;
      };

      pg.pause();
      // Clicking past the catalog cache's lifetime covers both a cached and an uncached offer.
      const outageStarted = Date.now();
      while (Date.now() - outageStarted < CATALOG_CACHE_TTL_MS + 1_500) {
        const answer = await clickAndCollect();
        expect(answer.status).toBe(503);
        expect(answer.body).toMatchObject({ statusCode: 503, error: 'service_unavailable' });
      }
      for (const call of [
        () => app.get('/api/offers'),
        () => app.get(`/api/offers/${network.offer.id}`),
        () => app.post('/api/publishers', { name: 'during outage' }),
        () => app.get('/api/postback-logs'),
      ]) {
        const res = await call();
        expect({ status: res.status, error: res.body?.error }).toEqual({
          status: 503,
          error: 'service_unavailable',
        });
      }
      const ready = await app.get('/health/ready', { key: null, timeoutMs: 10_000 });
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toMatchObject({ postgres: { ok: false }, redis: { ok: true } });
      expect((await app.get('/health', { key: null })).status).toBe(200);

      pg.resume();
      await eventually(
        async () => (await clickAndCollect()).status === 302,
        30_000,
        'clicks redirected again',
      );
      for (let i = 0; i < 5; i++) expect((await clickAndCollect()).status).toBe(302);

      expect(app.running).toBe(true);
      // Never a 500, never a redirect without a stored click.
      expect([...statuses].sort()).toEqual([302, 503]);
      const stored = await b.query<{ transaction_id: string }>(
        `SELECT transaction_id FROM clicks WHERE transaction_id = ANY($1::text[])`,
        [redirected],
      );
      expect(stored.map((row) => row.transaction_id).sort()).toEqual([...redirected].sort());
      const management = await app.get(`/api/offers/${network.offer.id}`);
      expect(management.status).toBe(200);
    },
  );

  faultTest('SIGTERM while Redis is away still exits 0, promptly', 60_000, async () => {
    const b = await backing();
    const redis = await proxyTo(b.redisUrl, 6379);
    const app = await AppProcess.start(
      b.env({ ROLE: 'all', REDIS_URL: redis.rewrite(b.redisUrl) }),
    );
    redis.pause();
    const ready = await app.get('/health/ready', { key: null, timeoutMs: 10_000 });
    expect(ready.status).toBe(503);

    const started = Date.now();
    const exit = await app.stop('SIGTERM', 45_000);
    expect(exit).toEqual({ code: 0, signal: null });
    // Nothing was running: no grace period to wait out, only the bounded waits for Redis (~10 s).
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  faultTest(
    'SIGTERM lets an in-flight attempt finish and be recorded, takes no new job, then exits 0',
    120_000,
    async () => {
      const b = await backing();
      const r = await receiver();
      r.script('/slow', { delayMs: 4_000 });
      const app = await AppProcess.start(b.env({ ROLE: 'all' }));
      const network = await createProcessNetwork(app);
      await createRule(app, network, {
        type: 'click',
        url: r.url('/slow?d={delivery_id}'),
      });
      // Falls due while the slow attempt is still running, i.e. after SIGTERM.
      const laterRule = await createRule(app, network, {
        type: 'click',
        delaySeconds: 2,
        url: r.url('/later?d={delivery_id}'),
      });
      await clickOk(app, network);
      const [request] = await r.waitFor('/slow', 1, 30_000);

      const exit = await app.stop('SIGTERM');
      expect(exit).toEqual({ code: 0, signal: null });
      const deliveryId = String(request.headers['idempotency-key']);
      const [slow] = await b.query(`SELECT state, attempt_count FROM deliveries WHERE id = $1`, [
        deliveryId,
      ]);
      expect(slow).toEqual({ state: 'delivered', attempt_count: 1 });
      const attempts = await b.query(
        `SELECT n, status_code, response_body, error, duration_ms FROM delivery_attempts
         WHERE delivery_id = $1`,
        [deliveryId],
      );
      expect(attempts).toEqual([
        expect.objectContaining({ n: 1, status_code: 200, response_body: 'OK', error: null }),
      ]);
      // The recorded attempt is the one that waited for the slow answer, not a cut-off one.
      expect(attempts[0].duration_ms).toBeGreaterThanOrEqual(3_900);
      expect(r.to('/slow')).toHaveLength(1);

      // A job that fell due during the shutdown is left for the next process, not attempted
      // with a sender that is already closing (it would burn retries, or fail for good).
      const failedAttempts = await b.query(
        `SELECT a.n, a.error, a.error_message FROM delivery_attempts a
         JOIN deliveries d ON d.id = a.delivery_id WHERE d.postback_id = $1 AND a.error IS NOT NULL`,
        [laterRule.id],
      );
      expect(failedAttempts).toEqual([]);
      await AppProcess.start(b.env({ ROLE: 'all' }), { name: 'next' });
      await allDelivered(b, laterRule.id, 1, 30_000);
      expect(r.to('/later')).toHaveLength(1);
    },
  );
});
