import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { BenchApp, freePort, startApp, terminate } from './lib/app-process';
import { round } from './lib/load';
import {
  createNetwork,
  createRule,
  deliveryStates,
  makeClicks,
  setDeliveriesPaused,
  waitForCount,
} from './lib/network';
import { BenchReceiver } from './lib/receiver';
import { BenchScenario, envInt } from './lib/scenario';
import { machineLine } from './lib/stats';

// Counts, not timings: what one click and one delivery cost PostgreSQL and Redis, for the
// capacity model (README, Scaling out). Counts do not depend on the machine's load. The service
// runs as a ROLE=api and a ROLE=worker process, on a database of its own (pg_stat_database and
// pg_stat_user_tables are per database) and on a Redis server of its own started here (INFO
// commandstats is per server), so other work on the machine does not enter the figures.

export const scenario: BenchScenario = {
  name: 'counts',
  description:
    'PostgreSQL transactions/rows/bytes and Redis commands per click, per click with a click ' +
    'postback, and per delivery (api + worker process, private Redis)',
  run: runCounts,
};

// An idle PostgreSQL backend publishes its statistics within 10 s (PGSTAT_IDLE_INTERVAL).
const STATS_FLUSH_MS = 11_000;

interface PgCounts {
  commits: number;
  inserted: number;
  updated: number;
  deleted: number;
  // Heap + indexes + TOAST of every table of the database.
  bytes: number;
  tables: Map<string, { ins: number; upd: number; del: number }>;
}

type RedisCounts = Map<string, number>;

interface Phase {
  units: number;
  seconds: number;
  pg: { before: PgCounts; after: PgCounts };
  redis: { before: RedisCounts; after: RedisCounts };
}

async function runCounts(): Promise<Record<string, unknown>> {
  const clicks = envInt('BENCH_COUNTS_CLICKS', 5_000);
  const deliveries = envInt('BENCH_COUNTS_DELIVERIES', 5_000);
  const idleSeconds = envInt('BENCH_COUNTS_IDLE_SECONDS', 10);
  console.log(machineLine());
  const redis = await PrivateRedis.start();
  const receiver = await BenchReceiver.start();
  const env = { REDIS_URL: redis.url, POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' };
  let app: BenchApp | null = null;
  try {
    app = await startApp({ ...env, ROLE: 'api' });
    await app.addProcess({ ...env, ROLE: 'worker' });
    const plain = await createNetwork(app, 'Counts plain');
    const withRule = await createNetwork(app, 'Counts rule');
    await createRule(app, {
      name: 'Counts tracker',
      type: 'click',
      publisherId: withRule.publisher.id,
      offerIds: [withRule.offer.id],
      url: `${receiver.origin}/counts?cid={transaction_id}`,
    });
    const measure = async (units: number, work: () => Promise<void>): Promise<Phase> => {
      const before = { pg: await pgCounts(app!), redis: await redis.commandCounts() };
      const started = performance.now();
      await work();
      const seconds = (performance.now() - started) / 1000;
      const after = { pg: await pgCounts(app!), redis: await redis.commandCounts() };
      return {
        units,
        seconds,
        pg: { before: before.pg, after: after.pg },
        redis: { before: before.redis, after: after.redis },
      };
    };

    // The background: the worker's blocking waits, stalled-job checks, the metrics' queue gauge.
    const idle = await measure(1, () => new Promise((r) => setTimeout(r, idleSeconds * 1000)));
    const idleRedisPerSecond = sum(diff(idle.redis.before, idle.redis.after)) / idle.seconds;
    const idlePgCommitsPerSecond = (idle.pg.after.commits - idle.pg.before.commits) / idle.seconds;

    const plainClicks = await measure(clicks, async () => {
      await makeClicks(app!, plain, clicks, 'counts-plain');
    });
    await setDeliveriesPaused(app, true);
    const scheduling = await measure(deliveries, async () => {
      await makeClicks(app!, withRule, deliveries, 'counts-rule');
      await waitForCount(
        app!,
        'counts: deliveries scheduled',
        `SELECT count(*)::int AS n FROM deliveries`,
        [],
        deliveries,
        60_000,
      );
    });
    const delivering = await measure(deliveries, async () => {
      await setDeliveriesPaused(app!, false);
      await waitForCount(
        app!,
        'counts: deliveries delivered',
        `SELECT count(*)::int AS n FROM deliveries WHERE state = 'delivered'`,
        [],
        deliveries,
        300_000,
        500,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}; deliveries: ${await deliveryStates(app!)}`);
      });
    });
    if (receiver.received !== deliveries || receiver.duplicates > 0)
      throw new Error(
        `counts: receiver saw ${receiver.received} requests (${receiver.duplicates} duplicates) ` +
          `for ${deliveries} deliveries`,
      );

    const result = {
      settings: { clicks, deliveries, idleSeconds, roles: 'api + worker' },
      idle: {
        redisCommandsPerSecond: round(idleRedisPerSecond, 1),
        pgCommitsPerSecond: round(idlePgCommitsPerSecond, 2),
      },
      perClick: perUnit(plainClicks, idleRedisPerSecond),
      perClickWithPostback: perUnit(scheduling, idleRedisPerSecond),
      perDelivery: perUnit(delivering, idleRedisPerSecond),
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    await app?.stop();
    await receiver.stop();
    await redis.stop();
  }
}

// A phase's deltas divided by its units; Redis's background rate over the phase taken off.
function perUnit(phase: Phase, idleRedisPerSecond: number): Record<string, unknown> {
  const { before, after } = phase.pg;
  const per = (n: number) => round(n / phase.units, 3);
  const tables: Record<string, { ins: number; upd: number; del: number }> = {};
  for (const [name, counts] of after.tables) {
    const was = before.tables.get(name) ?? { ins: 0, upd: 0, del: 0 };
    const delta = {
      ins: counts.ins - was.ins,
      upd: counts.upd - was.upd,
      del: counts.del - was.del,
    };
    if (delta.ins || delta.upd || delta.del)
      tables[name] = { ins: per(delta.ins), upd: per(delta.upd), del: per(delta.del) };
  }
  const commands = diff(phase.redis.before, phase.redis.after);
  const background = idleRedisPerSecond * phase.seconds;
  return {
    units: phase.units,
    postgres: {
      commits: per(after.commits - before.commits),
      rowsInserted: per(after.inserted - before.inserted),
      rowsUpdated: per(after.updated - before.updated),
      rowsDeleted: per(after.deleted - before.deleted),
      bytesGrown: per(after.bytes - before.bytes),
      tables,
    },
    redis: {
      commands: round(Math.max(0, sum(commands) - background) / phase.units, 2),
      backgroundSubtracted: round(background),
      byCommand: Object.fromEntries(
        [...commands]
          .filter(([, n]) => n > 0)
          .sort((a, b) => b[1] - a[1])
          .map(([name, n]) => [name, round(n / phase.units, 3)]),
      ),
    },
  };
}

async function pgCounts(app: BenchApp): Promise<PgCounts> {
  await new Promise((resolve) => setTimeout(resolve, STATS_FLUSH_MS));
  const [db] = await app.query<Record<string, string>>(
    `SELECT xact_commit, tup_inserted, tup_updated, tup_deleted,
            (SELECT sum(pg_total_relation_size(relid)) FROM pg_stat_user_tables) AS bytes
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  const rows = await app.query<{ relname: string; ins: string; upd: string; del: string }>(
    `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del FROM pg_stat_user_tables`,
  );
  return {
    commits: Number(db.xact_commit),
    inserted: Number(db.tup_inserted),
    updated: Number(db.tup_updated),
    deleted: Number(db.tup_deleted),
    bytes: Number(db.bytes),
    tables: new Map(
      rows.map((r) => [r.relname, { ins: Number(r.ins), upd: Number(r.upd), del: Number(r.del) }]),
    ),
  };
}

function diff(before: RedisCounts, after: RedisCounts): RedisCounts {
  return new Map([...after].map(([name, n]) => [name, n - (before.get(name) ?? 0)]));
}

function sum(counts: RedisCounts): number {
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

// A Redis server for this run alone, in memory only, so its command counts are the service's.
class PrivateRedis {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly client: Redis,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const port = await freePort();
    const binary = process.env.BENCH_REDIS_SERVER ?? 'redis-server';
    const child = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const url = `redis://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return new PrivateRedis(child, url, client);
      } catch (error) {
        client.disconnect();
        if (Date.now() > deadline)
          throw new Error(`${binary} did not start on ${port}: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  // Calls per command since the server started (commands run by scripts included).
  async commandCounts(): Promise<RedisCounts> {
    const text = await this.client.info('commandstats');
    const counts: RedisCounts = new Map();
    for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
      counts.set(match[1], Number(match[2]));
    return counts;
  }

  async stop(): Promise<void> {
    this.client.disconnect();
    await terminate(this.child);
  }
}
