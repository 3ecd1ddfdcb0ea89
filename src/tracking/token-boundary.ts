import { CURRENT_TOKEN_FLOOR, legacyTokenFloor, tokenFloor } from '../common/ids';

// The first key made at `time` in a table keyed by time-ordered tokens, as a SQL expression
// with named parameters. The table may hold ids of both formats: legacy ids (first character
// '-') sort below current ones and were all made before them, so the table sorted by key is
// sorted by time. "Made before t" is the keys below tokenFloor(t) once some current id is older
// than t, else the keys below legacyTokenFloor(t). The probe (the oldest current id) is one
// index lookup, run once per statement, and the result still bounds an index range.
export function tokenKeyAt(
  table: 'clicks' | 'impressions',
  key: 'transaction_id' | 'id',
  time: number,
  name: string,
): { sql: string; params: Record<string, string> } {
  const current = `${name}Current`;
  const legacy = `${name}Legacy`;
  const floor = `${name}Floor`;
  return {
    sql:
      `(CASE WHEN (SELECT min(${key}) FROM ${table} WHERE ${key} >= :${floor}) < :${current}` +
      ` THEN :${current} ELSE :${legacy} END)`,
    params: {
      [current]: tokenFloor(time),
      [legacy]: legacyTokenFloor(time),
      [floor]: CURRENT_TOKEN_FLOOR,
    },
  };
}
