import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export function dataSourceOptions(databaseUrl: string, poolSize = 20): DataSourceOptions {
  // libpq's `options` (e.g. `-c search_path=…`) reaches the connections; TypeORM would drop it.
  // A URL without it goes to TypeORM exactly as given.
  let url = databaseUrl;
  let options: string | undefined;
  if (/[?&]options=/.test(databaseUrl)) {
    const parsed = new URL(databaseUrl);
    options = parsed.searchParams.get('options') ?? undefined;
    parsed.searchParams.delete('options');
    url = parsed.toString();
  }
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // Fail fast instead of queueing forever when PostgreSQL is down (the API answers 503).
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      application_name: 'postback-manager',
      options,
    },
  };
}

// The same database with `schema` first on the search path (libpq's `options` parameter).
export function withSearchPath(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
