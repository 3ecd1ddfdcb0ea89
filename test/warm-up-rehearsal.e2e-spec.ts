import Redis from 'ioredis';
import {
  AppProcess,
  backingAndReceiver,
  cleanupAfterEach,
  processTest,
  ServiceBacking,
} from './helpers/app-process';
import { clickOk, createProcessNetwork, createRule } from './helpers/process-fixtures';
import { TcpProxy } from './helpers/tcp-proxy';

// The warm-up rehearsal (src/warm-up-rehearsal.ts) of the default start: the API process and its
// worker process each rehearse clicks, conversions and deliveries before the service listens,
// and none of it is left in the database, in Redis or in the service's figures.

const onCleanup = cleanupAfterEach();

const REHEARSED = /Rehearsed (\d+) clicks, (\d+) conversions and (\d+) deliveries/g;

const TABLES = [
  'advertisers',
  'offers',
  'publishers',
  'postbacks',
  'postback_revisions',
  'clicks',
  'conversions',
  'conversion_status_changes',
  'deliveries',
  'delivery_attempts',
  'intake_logs',
  'audit_log',
];

async function redisKeys(redisUrl: string, pattern: string): Promise<string[]> {
  const redis = new Redis(redisUrl);
  try {
    return await redis.keys(pattern);
  } finally {
    redis.disconnect();
  }
}

describe('warm-up rehearsal', () => {
  processTest(
    'rehearses in every process before listening and leaves nothing behind',
    120_000,
    async () => {
      const { b, r } = await backingAndReceiver(onCleanup);
      // What a process killed mid-rehearsal leaves: a schema nobody holds the lock of.
      await b.query('CREATE SCHEMA pm_rehearsal_abandoned');
      await b.query('CREATE TABLE pm_rehearsal_abandoned.clicks (id int)');

      const app = await AppProcess.start(
        b.env({ ROLE: 'all', WORKER_PROCESSES: '1', WARM_UP_REHEARSAL: 'true', LOG_LEVEL: 'info' }),
      );

      // Both processes rehearsed, every conversion's postback delivered.
      const rehearsals = [...app.output.matchAll(REHEARSED)].map((m) => m.slice(1).map(Number));
      expect(rehearsals).toHaveLength(2);
      for (const [clicks, conversions, delivered] of rehearsals) {
        expect(clicks).toBeGreaterThanOrEqual(conversions);
        expect(conversions).toBeGreaterThan(0);
        expect(delivered).toBe(conversions);
      }
      // The rehearsal's application took over Nest's logger; the service's own lines come after.
      expect(app.output.lastIndexOf('Listening on')).toBeGreaterThan(
        app.output.lastIndexOf('Rehearsed'),
      );

      // Nothing of it stays: schemas (the abandoned one too), rows, queue keys, figures.
      const schemas = await b.query(
        `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pm\\_rehearsal\\_%'`,
      );
      expect(schemas).toEqual([]);
      for (const table of TABLES) {
        const [{ n }] = await b.query(`SELECT count(*)::int AS n FROM ${table}`);
        expect({ table, n }).toEqual({ table, n: 0 });
      }
      expect(await redisKeys(b.redisUrl, '{pm-rehearsal-*')).toEqual([]);
      const metrics = await app.get('/metrics');
      expect(metrics.text).toMatch(/^clicks_total 0$/m);

      // And the service works as usual.
      const network = await createProcessNetwork(app);
      await createRule(app, network, { type: 'click', url: r.url('/after?d={delivery_id}') });
      await clickOk(app, network);
      await r.waitFor('/after', 1);
    },
  );

  processTest('starts without it, and says so, when Redis does not answer', 60_000, async () => {
    const b = onCleanup(await ServiceBacking.create(), (backing) => backing.dispose());
    const redis = onCleanup(await TcpProxy.forUrl(b.redisUrl, 6379), (proxy) => proxy.stop());
    redis.pause();
    const app = await AppProcess.start(
      b.env({ ROLE: 'all', WARM_UP_REHEARSAL: 'true', REDIS_URL: redis.rewrite(b.redisUrl) }),
    );
    expect(app.output).toMatch(/Rehearsal skipped \(.+\): first requests are slower/);
    expect(app.output).not.toMatch(REHEARSED);
    const schemas = await b.query(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pm\\_rehearsal\\_%'`,
    );
    expect(schemas).toEqual([]);
  });
});
