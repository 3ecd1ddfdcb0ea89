import type { Click } from './click.entity';
import { batchInsertParams, CLICKS_TABLE } from './tracking-tables';

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

// What the statement does with these is tested against PostgreSQL: test/tracking-tables.e2e-spec.ts.
describe('batch INSERT', () => {
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
