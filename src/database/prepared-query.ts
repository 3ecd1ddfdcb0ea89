import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

// Runs a named statement: each pooled connection parses and plans it once, not on every call.
// For the hot paths' fixed SQL (batch claims, attempt records); its text must never vary.
export type PreparedQuery = <R>(name: string, text: string, values: unknown[]) => Promise<R[]>;

export function preparedQuery(dataSource: DataSource): PreparedQuery {
  return async <R>(name: string, text: string, values: unknown[]) => {
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    const result = await pool.query({ name, text, values });
    return result.rows as R[];
  };
}
