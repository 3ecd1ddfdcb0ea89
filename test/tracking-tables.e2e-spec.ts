import type { Click } from '../src/tracking/click.entity';
import type { Impression } from '../src/tracking/impression.entity';
import {
  batchInsertParams,
  batchInsertSql,
  CLICKS_TABLE,
  IMPRESSIONS_TABLE,
} from '../src/tracking/tracking-tables';
import { createNetwork } from './helpers/conversion-fixtures';
import { TestApp } from './helpers/test-app';

describe('Batch INSERT of clicks and impressions (e2e)', () => {
  let t: TestApp;
  let offerId: number;
  let publisherId: number;

  beforeAll(async () => {
    t = await TestApp.start();
    const net = await createNetwork(t);
    offerId = net.offer.id;
    publisherId = net.publisher.id;
  });
  afterAll(() => t.stop());

  const visit = (n: number) => ({
    offerId,
    publisherId,
    sub1: `s${n}`,
    sub2: null,
    sub3: null,
    sub4: null,
    sub5: 's5',
    source: 'src',
    ip: '127.0.0.1',
    userAgent: n % 2 === 0 ? 'ua' : null,
    referer: null,
    createdAt: new Date(1_700_000_000_000 + n),
  });
  const click = (batch: string, n: number): Click => ({
    transactionId: `${batch}-${n}`,
    externalTransactionId: n % 2 === 0 ? `e${n}` : null,
    ...visit(n),
  });

  const clicksOf = (batch: string) =>
    t.query(
      `SELECT transaction_id, external_transaction_id, offer_id, publisher_id, sub1, sub2, sub5,
              user_agent, created_at FROM clicks WHERE transaction_id LIKE $1 || '-%'
        ORDER BY created_at`,
      [batch],
    );

  it('stores every column of every row, nulls in place, in one statement', async () => {
    const rows = [click('small', 1), click('small', 2)];
    await t.query(batchInsertSql(CLICKS_TABLE), batchInsertParams(CLICKS_TABLE, rows));
    expect(await clicksOf('small')).toEqual(
      rows.map((r) => ({
        transaction_id: r.transactionId,
        external_transaction_id: r.externalTransactionId,
        offer_id: offerId,
        publisher_id: publisherId,
        sub1: r.sub1,
        sub2: null,
        sub5: 's5',
        user_agent: r.userAgent,
        created_at: r.createdAt,
      })),
    );
  });

  // 5,000 rows of 14 columns would be 70,000 bind parameters one value each: past PostgreSQL's
  // 65,535. One array per column keeps them at 14.
  it('takes a batch of any size', async () => {
    const rows = Array.from({ length: 5_000 }, (_, n) => click('large', n));
    await t.query(batchInsertSql(CLICKS_TABLE), batchInsertParams(CLICKS_TABLE, rows));
    const stored = await clicksOf('large');
    expect(stored).toHaveLength(5_000);
    expect(stored[4_999].transaction_id).toBe('large-4999');
    expect(stored[4_999].created_at).toEqual(rows[4_999].createdAt);
  });

  it('stores impressions the same way', async () => {
    const rows: Impression[] = [1, 2].map((n) => ({ id: `imp-${n}`, ...visit(n) }));
    await t.query(batchInsertSql(IMPRESSIONS_TABLE), batchInsertParams(IMPRESSIONS_TABLE, rows));
    const stored = await t.query(
      `SELECT id, offer_id, sub1, user_agent, created_at FROM impressions
        WHERE id LIKE 'imp-%' ORDER BY created_at`,
    );
    expect(stored).toEqual(
      rows.map((r) => ({
        id: r.id,
        offer_id: offerId,
        sub1: r.sub1,
        user_agent: r.userAgent,
        created_at: r.createdAt,
      })),
    );
  });
});
