import type { Click } from './click.entity';
import {
  batchInsertParams,
  batchInsertSql,
  CLICKS_TABLE,
  IMPRESSIONS_TABLE,
} from './tracking-tables';

const click = (n: number): Click => ({
  transactionId: `t${n}`,
  offerId: 10 + n,
  publisherId: 20 + n,
  externalTransactionId: n === 1 ? null : `e${n}`,
  sub1: 's1',
  sub2: null,
  sub3: null,
  sub4: null,
  sub5: 's5',
  source: 'src',
  ip: '127.0.0.1',
  userAgent: 'ua',
  referer: null,
  createdAt: new Date(1_700_000_000_000 + n),
});

describe('batch INSERT', () => {
  it('sends one typed array per column, whatever the batch size', () => {
    expect(batchInsertSql(CLICKS_TABLE)).toBe(
      'INSERT INTO clicks (transaction_id, external_transaction_id, offer_id, publisher_id, ' +
        'sub1, sub2, sub3, sub4, sub5, source, ip, user_agent, referer, created_at) ' +
        'SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::int[], $4::int[], $5::varchar[], ' +
        '$6::varchar[], $7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[], ' +
        '$11::varchar[], $12::varchar[], $13::varchar[], $14::timestamptz[])',
    );
    expect(batchInsertSql(IMPRESSIONS_TABLE)).toMatch(
      /^INSERT INTO impressions \(id, offer_id, publisher_id, .*created_at\) SELECT \* FROM unnest\(\$1::varchar\[\], .*\$13::timestamptz\[\]\)$/,
    );
  });

  it('transposes rows into column arrays, nulls kept in place', () => {
    const params = batchInsertParams(CLICKS_TABLE, [click(1), click(2)]);
    expect(params).toHaveLength(14);
    expect(params[0]).toEqual(['t1', 't2']);
    expect(params[1]).toEqual([null, 'e2']);
    expect(params[2]).toEqual([11, 12]);
    expect(params[3]).toEqual([21, 22]);
    expect(params[13]).toEqual([click(1).createdAt, click(2).createdAt]);
  });

  it('keeps the bind-parameter count constant for large batches', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => click(i));
    const params = batchInsertParams(CLICKS_TABLE, rows);
    expect(params).toHaveLength(14);
    expect(params.every((column) => column.length === 5000)).toBe(true);
  });
});
