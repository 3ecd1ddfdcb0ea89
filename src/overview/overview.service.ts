import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { isAdmin, Principal } from '../common/auth/principal';
import { withTimeout } from '../common/timeout';
import { PENDING_STATES, sqlStates } from '../deliveries/delivery-states';
import { attemptErrorText } from '../postbacks/logs/attempt-error-text';
import { QUEUES } from '../queue/job-registry';
import { countsByRule, pickFailing, suspectIds } from './failing-rules';
import type { RollupSource } from './outcome-rollup';
import {
  bucketSeries,
  OverviewWindow,
  successRate,
  totalsOf,
  windowBounds,
} from './overview-buckets';
import {
  FailingRuleView,
  IntakeSummaryView,
  OverviewErrorView,
  OverviewView,
  PausedRuleView,
  QueueDepthView,
  QueueJobsView,
} from './overview-views';

const QUEUE_PROBE_TIMEOUT_MS = 1_000;
const FAILING_SHOWN = 10;
const PAUSED_SHOWN = 20;

// `$2` is the caller's rule ids, or null for every rule (an admin).
const OWN_RULES = `($2::int[] IS NULL OR postback_id = ANY($2::int[]))`;

// Each count reads the rollup for the hours before its mark ($3) and, from the mark on, only
// the index range of what finished since (deliveries_completed_idx): its cost follows the
// window's hours and the last hour or two of traffic, never the table. The mark is read first and
// passed in, so the planner sees how short the live range is; rolled-up hours never change and
// their deliveries stay in the table, so a mark that moves meanwhile drops or doubles nothing.
// Exported for the plan test.
export const OVERVIEW_SQL = {
  marks: `SELECT name, rolled_until FROM overview_rollup_marks`,
  byHour: `
    SELECT hour, state, sum(n)::int AS n FROM (
      SELECT hour, state, count AS n FROM delivery_outcome_hours
       WHERE hour >= $1 AND hour < $3 AND ${OWN_RULES}
      UNION ALL
      SELECT date_trunc('hour', completed_at, 'UTC'), state, count(*) FROM deliveries
       WHERE completed_at >= greatest($1, $3) AND completed_at IS NOT NULL AND NOT test
         AND ${OWN_RULES}
       GROUP BY 1, 2) o
     GROUP BY hour, state`,
  byRule: `
    SELECT postback_id, state, sum(n)::int AS n FROM (
      SELECT postback_id, state, count AS n FROM delivery_outcome_hours
       WHERE hour >= $1 AND hour < $3 AND ${OWN_RULES}
      UNION ALL
      SELECT postback_id, state, count(*) FROM deliveries
       WHERE completed_at >= greatest($1, $3) AND completed_at IS NOT NULL AND NOT test
         AND ${OWN_RULES}
       GROUP BY 1, 2) o
     GROUP BY postback_id, state`,
  // Pending deliveries from the sweeper's partial index (deliveries_due_idx): its size is the
  // backlog, not the table.
  pending: `
    SELECT postback_id, count(*)::int AS pending,
           count(*) FILTER (WHERE next_attempt_at <= now())::int AS due,
           count(*) FILTER (WHERE state = 'retrying')::int AS retrying
      FROM deliveries
     WHERE state IN (${sqlStates(PENDING_STATES)}) AND ($1::int[] IS NULL OR postback_id = ANY($1::int[]))
     GROUP BY postback_id`,
  // A failing rule's latest failed or retrying delivery of the window (backwards on
  // deliveries_rule_created_idx) and its last attempt.
  lastFailure: `
    SELECT a.fired_at AS at, a.error, a.error_message, a.status_code
      FROM (SELECT id FROM deliveries
             WHERE postback_id = $1 AND NOT test AND created_at >= $2
               AND state IN ('failed', 'retrying')
             ORDER BY created_at DESC LIMIT 1) d
      CROSS JOIN LATERAL (SELECT fired_at, error, error_message, status_code
                            FROM delivery_attempts WHERE delivery_id = d.id
                           ORDER BY n DESC LIMIT 1) a`,
  intake: `
    SELECT outcome, error_code, sum(n)::int AS n FROM (
      SELECT outcome, error_code, count AS n FROM intake_outcome_hours
       WHERE hour >= $1 AND hour < $2
      UNION ALL
      SELECT outcome, error_code, count(*) FROM intake_logs
       WHERE received_at >= greatest($1, $2)
       GROUP BY 1, 2) o
     GROUP BY outcome, error_code`,
};

interface RuleRow {
  id: number;
  name: string;
  publisher_id: number | null;
  enabled: boolean;
  paused_reason: string | null;
  paused_at: Date | null;
}

interface PendingRow {
  postback_id: number;
  pending: number;
  due: number;
  retrying: number;
}

@Injectable()
export class OverviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.deliveries) private readonly queue: Queue,
  ) {}

  async overview(principal: Principal, window: OverviewWindow, now: Date): Promise<OverviewView> {
    const bounds = windowBounds(window, now);
    // A publisher's numbers are its own rules' deliveries, as its logs are.
    const ruleIds = isAdmin(principal) ? null : await this.ownRuleIds(principal.publisherId);
    const marks = await this.marks();
    const [byHour, byRule, pending, paused, intake, jobs] = await Promise.all([
      this.dataSource.query<{ hour: Date; state: string; n: number }[]>(OVERVIEW_SQL.byHour, [
        bounds.from,
        ruleIds,
        marks.deliveries,
      ]),
      this.dataSource.query<{ postback_id: number; state: string; n: number }[]>(
        OVERVIEW_SQL.byRule,
        [bounds.from, ruleIds, marks.deliveries],
      ),
      this.dataSource.query<PendingRow[]>(OVERVIEW_SQL.pending, [ruleIds]),
      this.pausedRules(principal),
      isAdmin(principal) ? this.intake(bounds.from, marks.intake) : Promise.resolve(null),
      isAdmin(principal) ? this.queueJobs() : Promise.resolve(null),
    ]);
    const series = bucketSeries(bounds, byHour);
    const totals = totalsOf(series);
    return {
      window,
      from: bounds.from,
      to: bounds.to,
      bucketHours: bounds.bucketHours,
      series,
      totals,
      successRate: successRate(totals),
      queue: queueDepth(pending, jobs),
      failingRules: await this.failingRules(byRule, pending, bounds.from),
      pausedRules: paused,
      intake,
    };
  }

  private async ownRuleIds(publisherId: number | null): Promise<number[]> {
    const rows = await this.dataSource.query<{ id: number }[]>(
      `SELECT id FROM postbacks WHERE publisher_id = $1`,
      [publisherId],
    );
    return rows.map((r) => r.id);
  }

  // Classified as the rules list's badge does, over the window's finished deliveries and the
  // ones still retrying now.
  private async failingRules(
    byRule: readonly { postback_id: number; state: string; n: number }[],
    pending: readonly PendingRow[],
    from: Date,
  ): Promise<FailingRuleView[]> {
    const counts = countsByRule(byRule, pending);
    const suspects = suspectIds(counts);
    if (suspects.length === 0) return [];
    const rows = await this.dataSource.query<RuleRow[]>(
      `SELECT id, name, publisher_id, enabled, paused_reason, paused_at FROM postbacks
        WHERE id = ANY($1::int[])`,
      [suspects],
    );
    const rules = rows.map((r) => ({ ...r, pausedReason: r.paused_reason }));
    const failing = pickFailing(rules, counts, FAILING_SHOWN);
    return Promise.all(
      failing.map(async ({ rule, counts: c }) => ({
        id: rule.id,
        name: rule.name,
        publisherId: rule.publisher_id,
        ...c,
        successRate: successRate(c),
        lastError: await this.lastFailure(rule.id, from),
      })),
    );
  }

  private async lastFailure(ruleId: number, from: Date): Promise<OverviewErrorView | null> {
    const [row] = await this.dataSource.query<
      { at: Date; error: string | null; error_message: string | null; status_code: number | null }[]
    >(OVERVIEW_SQL.lastFailure, [ruleId, from]);
    if (!row) return null;
    return {
      at: row.at,
      statusCode: row.status_code,
      errorText: attemptErrorText({
        error: row.error,
        errorMessage: row.error_message,
        statusCode: row.status_code,
      }),
    };
  }

  private async pausedRules(principal: Principal): Promise<PausedRuleView[]> {
    const rows = await this.dataSource.query<RuleRow[]>(
      `SELECT id, name, publisher_id, enabled, paused_reason, paused_at FROM postbacks
        WHERE paused_reason IS NOT NULL AND NOT enabled AND ($1::int IS NULL OR publisher_id = $1)
        ORDER BY paused_at DESC NULLS LAST, id DESC LIMIT ${PAUSED_SHOWN}`,
      [isAdmin(principal) ? null : principal.publisherId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      publisherId: r.publisher_id,
      pausedReason: r.paused_reason!,
      pausedAt: r.paused_at,
    }));
  }

  private async marks(): Promise<Record<RollupSource, Date>> {
    const rows = await this.dataSource.query<{ name: RollupSource; rolled_until: Date }[]>(
      OVERVIEW_SQL.marks,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.rolled_until])) as Record<
      RollupSource,
      Date
    >;
  }

  private async intake(from: Date, mark: Date): Promise<IntakeSummaryView> {
    const rows = await this.dataSource.query<
      { outcome: string; error_code: string | null; n: number }[]
    >(OVERVIEW_SQL.intake, [from, mark]);
    const summary: IntakeSummaryView = { accepted: 0, duplicate: 0, refused: 0, refusals: [] };
    for (const row of rows) {
      if (row.outcome === 'accepted' || row.outcome === 'duplicate' || row.outcome === 'refused') {
        summary[row.outcome] += row.n;
      }
      if (row.outcome === 'refused') {
        summary.refusals.push({ errorCode: row.error_code ?? 'unknown', count: row.n });
      }
    }
    summary.refusals.sort((a, b) => b.count - a.count || a.errorCode.localeCompare(b.errorCode));
    return summary;
  }

  // Redis down must not take the overview with it: the jobs are then unknown (null).
  private queueJobs(): Promise<QueueJobsView | null> {
    return withTimeout<QueueJobsView | null>(
      this.queue
        .getJobCounts('waiting', 'active', 'delayed')
        .then((c) => ({ waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0 })),
      QUEUE_PROBE_TIMEOUT_MS,
      () => null,
    ).catch(() => null);
  }
}

function queueDepth(pending: readonly PendingRow[], jobs: QueueJobsView | null): QueueDepthView {
  const depth = { pending: 0, due: 0, retrying: 0 };
  for (const row of pending) {
    depth.pending += row.pending;
    depth.due += row.due;
    depth.retrying += row.retrying;
  }
  return { ...depth, jobs };
}
