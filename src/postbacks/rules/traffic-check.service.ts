import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CLICK_MACRO_COLUMNS,
  clickMacrosUsed,
  MacroUse,
  TRAFFIC_SAMPLE,
  TrafficCheck,
} from './rule-health-checks';
import type { RuleType } from './rule-matcher';

export interface TrafficScope {
  type: RuleType;
  publisherId: number | null;
  offerIds: number[];
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface TrafficCheckResult {
  uses: MacroUse[];
  checks: TrafficCheck[];
}

// SPEC §14's traffic check: for each click macro the rule uses, how many of its scope's most
// recent clicks (up to 1,000) would leave it empty. One query, reading the newest clicks from an
// index: (publisher_id, created_at) for a publisher's rule, (offer_id, created_at) per offer for
// a network-level one limited to offers, the time-ordered primary key otherwise.
@Injectable()
export class TrafficCheckService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async check(scope: TrafficScope): Promise<TrafficCheckResult> {
    // An impression rule's macros come from impressions, not clicks: not checked.
    const uses = scope.type === 'impression' ? [] : clickMacrosUsed(scope);
    if (uses.length === 0) return { uses, checks: [] };
    const columns = uses.map((u) => CLICK_MACRO_COLUMNS.get(u.macro)!);
    const { sql, params } = recentClicks(scope, columns);
    // Column names come from the fixed CLICK_MACRO_COLUMNS map, never from the request.
    const counts = columns
      .map((c, i) => `count(*) FILTER (WHERE ${c} IS NULL OR ${c} = '')::int AS e${i}`)
      .join(', ');
    const [row] = await this.dataSource.query<Record<string, number>[]>(
      `SELECT count(*)::int AS total, ${counts} FROM (${sql}) recent`,
      params,
    );
    return {
      uses,
      checks: uses.map((u, i) => ({ macro: u.macro, emptyIn: row[`e${i}`], of: row.total })),
    };
  }
}

// The scope's newest clicks, newest first; exported so the plan test explains the same SQL.
export function recentClicks(
  scope: Pick<TrafficScope, 'publisherId' | 'offerIds'>,
  columns: string[],
): { sql: string; params: unknown[] } {
  const list = columns.join(', ');
  if (scope.publisherId !== null) {
    const offers = scope.offerIds.length > 0 ? ' AND offer_id = ANY($2::int[])' : '';
    return {
      sql: `SELECT ${list} FROM clicks WHERE publisher_id = $1${offers}
             ORDER BY created_at DESC LIMIT ${TRAFFIC_SAMPLE}`,
      params: scope.offerIds.length > 0 ? [scope.publisherId, scope.offerIds] : [scope.publisherId],
    };
  }
  if (scope.offerIds.length > 0) {
    // Newest per offer from its index, then the newest of those.
    return {
      sql: `SELECT ${list} FROM unnest($1::int[]) o(id) CROSS JOIN LATERAL (
              SELECT ${list}, created_at FROM clicks WHERE offer_id = o.id
               ORDER BY created_at DESC LIMIT ${TRAFFIC_SAMPLE}) c
             ORDER BY c.created_at DESC LIMIT ${TRAFFIC_SAMPLE}`,
      params: [scope.offerIds],
    };
  }
  return {
    sql: `SELECT ${list} FROM clicks ORDER BY transaction_id DESC LIMIT ${TRAFFIC_SAMPLE}`,
    params: [],
  };
}
