import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

// Runs a named statement: each pooled connection parses and plans it once, not on every call.
// For the hot paths' fixed SQL (batch claims, attempt records); its text must never vary, and
// it should name the columns it returns (a `*` changes shape when a migration adds a column).
export type PreparedQuery = <R>(name: string, text: string, values: unknown[]) => Promise<R[]>;

// "cached plan must not change result type": a migration changed a table under a statement
// this connection prepared before. The statement runs unprepared instead.
const STALE_PLAN = '0A000';

export function preparedQuery(dataSource: DataSource): PreparedQuery {
  return async <R>(name: string, text: string, values: unknown[]) => {
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    try {
      return (await pool.query({ name, text, values })).rows as R[];
    } catch (error) {
      if ((error as { code?: string }).code !== STALE_PLAN) throw error;
      return (await pool.query({ text, values })).rows as R[];
    }
  };
}
