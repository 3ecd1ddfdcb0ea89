import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { AppLogging } from './common/logging';
import { AppConfig } from './config/app-config';
import { RulesCache } from './postbacks/rules/rules-cache';
import { rehearse, RehearsedStatement } from './warm-up-rehearsal';

// Requests through the click route before the first visitor's; enough for V8 to compile what
// they run beyond its first, slowest passes.
const WARM_REQUESTS = 300;
// No offer or publisher has this id (ids are int4): the request is refused before anything is
// recorded, after the route, its parameter pipe, the catalog lookup and the error filter ran.
const NO_SUCH_ID = 2_147_483_647;

// What a cold process pays on its first requests, paid before it reports ready (issue #13): the
// hot paths rehearsed end to end (src/warm-up-rehearsal.ts), the rules loaded, the pool's
// connections opened with what the rehearsal ran planned on each, the click path's code run on
// this instance by requests that record nothing, and the work all that left on V8's threads
// done. Best effort: a start never fails here (readiness reports a broken database).
export async function warmUp(
  app: NestFastifyApplication,
  config: AppConfig,
  logging: AppLogging,
): Promise<void> {
  // Routes are registered by init; a request injected before it would freeze Fastify's router.
  await app.init();
  const statements = config.WARM_UP_REHEARSAL ? await rehearseHotPaths(config, logging) : [];
  const pool = (app.get(DataSource).driver as PostgresDriver).master as Pool;
  await Promise.allSettled([
    openConnections(pool, config.DB_POOL_SIZE, statements),
    app.get(RulesCache).enabledOfType('conversion'),
  ]);
  if (config.ROLE !== 'worker') await runRefusedClicks(app);
  await settle();
}

// Never throws: without a rehearsal the start goes on, slower on its first requests.
async function rehearseHotPaths(
  config: AppConfig,
  logging: AppLogging,
): Promise<RehearsedStatement[]> {
  const logger = new Logger('WarmUp');
  const started = performance.now();
  try {
    const rehearsal = await rehearse(config, logging);
    logger.log(
      `Rehearsed ${rehearsal.clicks} clicks, ${rehearsal.conversions} conversions and ` +
        `${rehearsal.delivered} deliveries in ${Math.round(performance.now() - started)} ms`,
    );
    return rehearsal.statements;
  } catch (error) {
    logger.warn(`Rehearsal skipped (${(error as Error).message}): first requests are slower`);
    return [];
  }
}

// The whole pool: under a live network's first second every connection is in use, and opening
// one then (a PostgreSQL backend forked) costs the requests waiting for it. A backend also loads
// the tables, indexes and types a statement touches on its first use: EXPLAIN plans each
// rehearsed statement without running it, so that happens here.
async function openConnections(
  pool: Pool,
  count: number,
  statements: RehearsedStatement[],
): Promise<void> {
  const clients: PoolClient[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const client = await pool.connect();
        clients.push(client);
        await client.query('SELECT 1');
        for (const { text, params } of statements)
          await client.query(`EXPLAIN ${text}`, new Array(params).fill(null));
      }),
    );
  } finally {
    for (const client of clients) client.release();
  }
}

// A process quieter than this (CPU time per wall time, every thread) has finished its start.
const SETTLED_SHARE = 0.1;
const SETTLE_WINDOW_MS = 100;
const SETTLE_MAX_MS = 5_000;

// The start leaves work behind on V8's threads (optimising what the start and the warm-up ran,
// collecting their garbage); done while requests arrive, it takes the CPU they need. Waits,
// bounded, until the process has been quiet for a window.
async function settle(): Promise<void> {
  const started = performance.now();
  let before = process.cpuUsage();
  while (performance.now() - started < SETTLE_MAX_MS) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_WINDOW_MS));
    const used = process.cpuUsage(before);
    before = process.cpuUsage();
    if ((used.user + used.system) / 1000 < SETTLE_WINDOW_MS * SETTLED_SHARE) return;
  }
}

async function runRefusedClicks(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const url = `/click?offer_id=${NO_SUCH_ID}&aff_id=${NO_SUCH_ID}&sub1=warm-up`;
  for (let i = 0; i < WARM_REQUESTS; i++) await fastify.inject({ method: 'GET', url });
}
