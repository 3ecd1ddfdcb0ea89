import type { Click } from './click.entity';
import type { Impression } from './impression.entity';

export interface TableColumn<E> {
  name: string;
  // PostgreSQL array type the column's values are sent as.
  arrayType: 'varchar[]' | 'int[]' | 'timestamptz[]';
  value: (row: E) => string | number | Date | null;
}

export interface TrackingTable<E> {
  name: string;
  // What one row is called in messages.
  rowName: string;
  columns: readonly TableColumn<E>[];
}

const text = <E>(name: string, value: (row: E) => string | null): TableColumn<E> => ({
  name,
  arrayType: 'varchar[]',
  value,
});
const int = <E>(name: string, value: (row: E) => number): TableColumn<E> => ({
  name,
  arrayType: 'int[]',
  value,
});

type Visit = Pick<Click, 'sub1' | 'sub2' | 'sub3' | 'sub4' | 'sub5' | 'source'> &
  Pick<Click, 'offerId' | 'publisherId' | 'ip' | 'userAgent' | 'referer' | 'createdAt'>;

// Columns clicks and impressions share, in table order after the key.
function visitColumns<E extends Visit>(): TableColumn<E>[] {
  return [
    int('offer_id', (r) => r.offerId),
    int('publisher_id', (r) => r.publisherId),
    text('sub1', (r) => r.sub1),
    text('sub2', (r) => r.sub2),
    text('sub3', (r) => r.sub3),
    text('sub4', (r) => r.sub4),
    text('sub5', (r) => r.sub5),
    text('source', (r) => r.source),
    text('ip', (r) => r.ip),
    text('user_agent', (r) => r.userAgent),
    text('referer', (r) => r.referer),
    { name: 'created_at', arrayType: 'timestamptz[]', value: (r) => r.createdAt },
  ];
}

export const CLICKS_TABLE: TrackingTable<Click> = {
  name: 'clicks',
  rowName: 'click',
  columns: [
    text('transaction_id', (r) => r.transactionId),
    text('external_transaction_id', (r) => r.externalTransactionId),
    ...visitColumns<Click>(),
  ],
};

export const IMPRESSIONS_TABLE: TrackingTable<Impression> = {
  name: 'impressions',
  rowName: 'impression',
  columns: [text('id', (r) => r.id), ...visitColumns<Impression>()],
};

// One INSERT for the whole batch with one array parameter per column: the statement text is
// the same for every batch size and PostgreSQL's 65535 bind-parameter limit never applies.
export function batchInsertSql<E>(table: TrackingTable<E>): string {
  const names = table.columns.map((c) => c.name).join(', ');
  const arrays = table.columns.map((c, i) => `$${i + 1}::${c.arrayType}`).join(', ');
  return `INSERT INTO ${table.name} (${names}) SELECT * FROM unnest(${arrays})`;
}

export function batchInsertParams<E>(table: TrackingTable<E>, rows: readonly E[]): unknown[][] {
  const params = table.columns.map(() => new Array<unknown>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < table.columns.length; c++) params[c][r] = table.columns[c].value(rows[r]);
  }
  return params;
}
