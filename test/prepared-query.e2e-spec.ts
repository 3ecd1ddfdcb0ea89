import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { preparedQuery } from '../src/database/prepared-query';
import { TestApp } from './helpers/test-app';

describe('Named statements (e2e)', () => {
  let t: TestApp;
  let pool: Pool;

  beforeAll(async () => {
    t = await TestApp.start();
    // One connection, so the second call surely meets the statement the first one prepared.
    pool = new Pool({ connectionString: t.config.DATABASE_URL, max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await t.stop();
  });

  it('still answer after a migration changed the shape of what they return', async () => {
    const query = preparedQuery({ driver: { master: pool } } as unknown as DataSource);
    await t.query(`CREATE TABLE scratch (id int PRIMARY KEY, amount int NOT NULL)`);
    await t.query(`INSERT INTO scratch VALUES (1, 7)`);
    const read = () => query('read-scratch', `SELECT id, amount FROM scratch WHERE id = $1`, [1]);

    expect(await read()).toEqual([{ id: 1, amount: 7 }]);
    await t.query(`ALTER TABLE scratch ALTER COLUMN amount TYPE numeric(10, 2)`);
    expect(await read()).toEqual([{ id: 1, amount: '7.00' }]);
  });
});
