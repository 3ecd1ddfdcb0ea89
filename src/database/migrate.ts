import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// Arbitrary constant: replicas starting together take turns applying migrations.
const MIGRATION_LOCK_ID = 7_013_001;

export async function ensureDatabaseExists(databaseUrl: string, quiet = false): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      if (!quiet) new Logger('Database').log(`Created database ${name}`);
    }
  } catch (error) {
    // Another replica may have created it at the same moment.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

export async function runMigrations(databaseUrl: string, quiet = false): Promise<string[]> {
  await ensureDatabaseExists(databaseUrl, quiet);
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl, 2), logging: false });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (!quiet)
      for (const migration of applied) new Logger('Database').log(`Applied ${migration.name}`);
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {});
    await lock.release();
    await dataSource.destroy();
  }
}
