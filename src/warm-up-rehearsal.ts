import { Logger, LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Pool as PgPool, QueryConfig } from 'pg';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Pool } from 'undici';
import type { AppLogging } from './common/logging';
import { randomToken } from './common/ids';
import { AppConfig } from './config/app-config';
import { withSearchPath } from './database/data-source-options';
import { runMigrations } from './database/migrate';
import { createHttpApp } from './http-app';
import { redisConnectionOptions } from './queue/redis-connection';

// How much of a live network a process rehearses: enough for V8 to have optimised what a
// conversion and a click run, on the API and on the delivery side (issue #13's measure: a
// service that had seen a few seconds of traffic met the latency targets from its first second).
const REHEARSAL_CLICKS = 2_000;
const REHEARSAL_CONVERSIONS = 800;
// Requests in flight at once, as a busy network keeps them.
const CONCURRENCY = 20;
// A rehearsal that takes longer than this is cut short: the start goes on.
const DELIVERIES_WAIT_MS = 20_000;
const SCHEMA_PREFIX = 'pm_rehearsal_';
// PostgreSQL and Redis must answer within this at the start of a rehearsal, or it is skipped.
const ANSWER_WITHIN_MS = 2_000;

// A named statement the rehearsal ran (the hot paths' fixed SQL), with its parameter count.
export interface RehearsedStatement {
  text: string;
  params: number;
}

export interface Rehearsal {
  clicks: number;
  conversions: number;
  delivered: number;
  statements: RehearsedStatement[];
}

// Before a process reports ready it rehearses the hot paths (clicks, S2S conversions and their
// deliveries) end to end, through a second instance of the application on a throwaway copy of
// the schema and its own queues, posting to a receiver of its own on loopback. The code V8
// optimised is shared with the real instance; nothing of the rehearsal stays: the schema is
// dropped and the queues' Redis keys deleted, whatever happens. A crashed process's schema is
// dropped by the next rehearsal (its advisory lock went with its connection).
export async function rehearse(config: AppConfig, logging: AppLogging): Promise<Rehearsal> {
  const schema = `${SCHEMA_PREFIX}${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const queuePrefix = `{${schema.replaceAll('_', '-')}}`;
  // Both must answer now: a start while either is away skips the rehearsal (no waiting on it).
  const redis = new Redis({
    ...redisConnectionOptions(config.REDIS_URL),
    lazyConnect: true,
    connectTimeout: ANSWER_WITHIN_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  const giveUp = setTimeout(() => redis.disconnect(), ANSWER_WITHIN_MS);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw error;
  } finally {
    clearTimeout(giveUp);
  }
  const admin = new Client({
    connectionString: config.DATABASE_URL,
    connectionTimeoutMillis: ANSWER_WITHIN_MS,
  });
  try {
    await admin.connect();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const receiver = await startReceiver();
  let app: NestFastifyApplication | undefined;
  try {
    await dropAbandonedSchemas(admin);
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [schema]);
    await admin.query(`CREATE SCHEMA ${schema}`);
    const databaseUrl = withSearchPath(config.DATABASE_URL, schema);
    await runMigrations(databaseUrl, true);
    const adminKey = randomToken(24);
    const rehearsalConfig = Object.assign(new AppConfig(), config, {
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: queuePrefix,
      ROLE: 'all',
      WORKER_PROCESSES: 0,
      DB_POOL_SIZE: Math.min(config.DB_POOL_SIZE, 10),
      ADMIN_API_KEY: adminKey,
      POSTBACK_ALLOWED_CIDRS: '127.0.0.1/32',
      LOG_LEVEL: 'error',
    });
    const quietLogging = quiet(logging);
    // Building the application logs too, before Nest takes its logger.
    Logger.overrideLogger(quietLogging.nest);
    app = await createHttpApp(rehearsalConfig, quietLogging);
    const statements = recordNamedStatements(app);
    // Over real sockets: Node's HTTP server and parser are part of what a request costs.
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const client = new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY });
    let traffic: { clicks: number; conversions: number };
    try {
      traffic = await runTraffic(client, adminKey, receiver);
    } finally {
      await client.close();
    }
    return { ...traffic, delivered: receiver.received, statements: [...statements.values()] };
  } finally {
    await app?.close();
    Logger.overrideLogger(logging.nest);
    receiver.server.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
    await deleteKeys(redis, queuePrefix).finally(() => redis.disconnect());
  }
}

// The rehearsal's application writes its errors only, to the service's log: its start, its
// requests and its jobs would read as the service's own. Nest's logger is global, so the
// service's own lines are errors only too until the rehearsal sets the service's back.
function quiet(logging: AppLogging): AppLogging {
  const nest: LoggerService = {
    log: () => undefined,
    warn: () => undefined,
    error: (...args: unknown[]) => logging.nest.error(args[0], ...args.slice(1)),
  };
  return {
    root: logging.root.child({ context: 'Rehearsal' }, { level: 'error' }),
    nest,
    logRequests: () => undefined,
  };
}

function recordNamedStatements(app: NestFastifyApplication): Map<string, RehearsedStatement> {
  const statements = new Map<string, RehearsedStatement>();
  const pool = (app.get(DataSource).driver as PostgresDriver).master as PgPool;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { query: unknown }).query = (...args: unknown[]) => {
    const config = args[0] as QueryConfig;
    if (typeof config === 'object' && config.name && !statements.has(config.name))
      statements.set(config.name, { text: config.text, params: config.values?.length ?? 0 });
    return query(...args);
  };
  return statements;
}

async function dropAbandonedSchemas(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE $1`,
    [`${SCHEMA_PREFIX}%`],
  );
  for (const { name } of rows) {
    const [{ free }] = (
      await admin.query<{ free: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS free', [
        name,
      ])
    ).rows;
    if (!free) continue;
    await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
  }
}

interface Receiver {
  server: Server;
  origin: string;
  received: number;
  waitFor(count: number, timeoutMs: number): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  let wake: () => void = () => undefined;
  const receiver: Receiver = {
    server: createServer((req, res) => {
      receiver.received++;
      res.end('OK');
      wake();
    }),
    origin: '',
    received: 0,
    async waitFor(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.received < count && Date.now() < deadline)
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
    },
  };
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.origin = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
  return receiver;
}

async function runTraffic(
  client: Pool,
  adminKey: string,
  receiver: Receiver,
): Promise<{ clicks: number; conversions: number }> {
  const api = async <T>(path: string, payload: Record<string, unknown>): Promise<T> => {
    const answer = await client.request({
      method: 'POST',
      path,
      body: JSON.stringify(payload),
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    });
    const body = await answer.body.text();
    if (answer.statusCode >= 300) throw new Error(`${path}: ${answer.statusCode} ${body}`);
    return JSON.parse(body) as T;
  };
  const get = async (path: string) => {
    const answer = await client.request({ method: 'GET', path });
    await answer.body.dump();
    return answer;
  };
  const advertiser = await api<{ id: number; postbackKey: string }>('/api/advertisers', {
    name: 'Rehearsal advertiser',
  });
  const offer = await api<{ id: number }>('/api/offers', {
    name: 'Rehearsal offer',
    advertiserId: advertiser.id,
    url: 'https://adv.example/lp?click={transaction_id}',
    payout: '1.00',
    revenue: '2.00',
    currency: 'USD',
  });
  const publisher = await api<{ id: number }>('/api/publishers', { name: 'Rehearsal publisher' });
  await api('/api/postbacks', {
    name: 'Rehearsal tracker',
    type: 'conversion',
    method: 'GET',
    publisherId: publisher.id,
    offerIds: [offer.id],
    url: `${receiver.origin}/postback?clickid={external_transaction_id}&tid={transaction_id}`,
    statuses: ['approved'],
  });

  const clickUrl = (n: number) =>
    `/click?offer_id=${offer.id}&aff_id=${publisher.id}&external_transaction_id=r${n}&sub1=rehearsal`;
  const clickIds: string[] = [];
  await inParallel(REHEARSAL_CLICKS, async (n) => {
    const answer = await get(clickUrl(n));
    const id = /[?&]click=([^&]+)/.exec(String(answer.headers.location ?? ''))?.[1];
    if (id && clickIds.length < REHEARSAL_CONVERSIONS) clickIds.push(id);
  });
  await inParallel(clickIds.length, async (n) => {
    await get(
      `/postback/${advertiser.postbackKey}?clickid=${clickIds[n]}&status=approved&payout=1.5`,
    );
  });
  await receiver.waitFor(clickIds.length, DELIVERIES_WAIT_MS);
  return { clicks: REHEARSAL_CLICKS, conversions: clickIds.length };
}

async function inParallel(count: number, run: (n: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
