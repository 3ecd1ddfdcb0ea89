import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from './config/app-config';
import { RulesCache } from './postbacks/rules/rules-cache';

// Requests through the click route before the first visitor's; enough for V8 to compile what
// they run beyond its first, slowest passes.
const WARM_REQUESTS = 300;
// No offer or publisher has this id (ids are int4): the request is refused before anything is
// recorded, after the route, its parameter pipe, the catalog lookup and the error filter ran.
const NO_SUCH_ID = 2_147_483_647;

// What a cold process pays on its first requests, paid before it reports ready (issue #13): the
// pool's connections opened, the rules loaded, and the click path's code run by requests that
// record nothing. Best effort: a start never fails here (readiness reports a broken database).
export async function warmUp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  // Routes are registered by init; a request injected before it would freeze Fastify's router.
  await app.init();
  await Promise.allSettled([
    // The whole pool: under a live network's first second every connection is in use, and
    // opening one then (a PostgreSQL backend forked) costs the requests waiting for it.
    openConnections(app.get(DataSource), config.DB_POOL_SIZE),
    app.get(RulesCache).enabledOfType('conversion'),
  ]);
  if (config.ROLE !== 'worker') await runRefusedClicks(app);
}

async function openConnections(dataSource: DataSource, count: number): Promise<void> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const clients: PoolClient[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const client = await pool.connect();
        clients.push(client);
        await client.query('SELECT 1');
      }),
    );
  } finally {
    for (const client of clients) client.release();
  }
}

async function runRefusedClicks(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const url = `/click?offer_id=${NO_SUCH_ID}&aff_id=${NO_SUCH_ID}&sub1=warm-up`;
  for (let i = 0; i < WARM_REQUESTS; i++) await fastify.inject({ method: 'GET', url });
}
