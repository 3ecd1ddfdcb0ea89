import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../../common/auth/principal';
import { attemptErrorText } from '../logs/attempt-error-text';
import { PostbackRule } from './postback-rule.entity';
import { PostbackRulesService } from './postback-rules.service';
import {
  HEALTH_WINDOWS,
  HealthBadge,
  healthBadge,
  HealthWindow,
  macroWarnings,
  roundedMs,
} from './rule-health-checks';
import { RuleHealthView } from './rule-health-views';
import { TrafficCheckService } from './traffic-check.service';

const STATES = ['scheduled', 'retrying', 'delivered', 'failed', 'cancelled'] as const;

// Each query reads a rule's non-test deliveries of the window through
// deliveries_rule_created_idx (postback_id, created_at) WHERE NOT test, so its cost follows
// the rule's traffic in the window, not the table's size. Exported for the plan test.
export const HEALTH_SQL = {
  byState: `SELECT state, count(*)::int AS n,
                   max(completed_at) FILTER (WHERE state = 'delivered') AS last_success
              FROM deliveries
             WHERE postback_id = $1 AND NOT test AND created_at >= now() - $2::interval
             GROUP BY state`,
  // Attempts of the window's deliveries fired in the window, looked up per delivery on their
  // primary key. OFFSET 0 keeps it a per-delivery lookup: flattened into a join, the planner may
  // hash the whole attempts table while its statistics say it is small.
  durations: `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS p50,
                     percentile_cont(0.95) WITHIN GROUP (ORDER BY a.duration_ms) AS p95
                FROM deliveries d CROSS JOIN LATERAL (
                       SELECT duration_ms FROM delivery_attempts
                        WHERE delivery_id = d.id AND fired_at >= now() - $2::interval OFFSET 0) a
               WHERE d.postback_id = $1 AND NOT d.test AND d.created_at >= now() - $2::interval`,
  // A delivery delivered at its first attempt had no failed one: its attempts are skipped.
  lastError: `SELECT a.fired_at AS at, a.error, a.error_message, a.status_code
                FROM deliveries d CROSS JOIN LATERAL (
                       SELECT fired_at, error, error_message, status_code FROM delivery_attempts
                        WHERE delivery_id = d.id AND fired_at >= now() - $2::interval
                          AND (error IS NOT NULL OR status_code IS NULL
                               OR status_code NOT BETWEEN 200 AND 299)
                        OFFSET 0) a
               WHERE d.postback_id = $1 AND NOT d.test AND d.created_at >= now() - $2::interval
                 AND (d.state <> 'delivered' OR d.attempt_count > 1)
               ORDER BY a.fired_at DESC LIMIT 1`,
  badges: `SELECT postback_id,
                  count(*) FILTER (WHERE state = 'delivered')::int AS delivered,
                  count(*) FILTER (WHERE state = 'failed')::int AS failed,
                  count(*) FILTER (WHERE state = 'retrying')::int AS retrying
             FROM deliveries
            WHERE postback_id = ANY($1::int[]) AND NOT test
              AND created_at >= now() - interval '24 hours'
            GROUP BY postback_id`,
};

@Injectable()
export class RuleHealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: PostbackRulesService,
    private readonly traffic: TrafficCheckService,
  ) {}

  async health(principal: Principal, id: number, window: HealthWindow): Promise<RuleHealthView> {
    // Scoped like GET /api/postbacks/:id: another publisher's rule is a 404.
    const rule = await this.rules.get(principal, id);
    const params = [rule.id, HEALTH_WINDOWS[window]];
    const [byState, [durations], [lastError], traffic] = await Promise.all([
      this.dataSource.query<{ state: string; n: number; last_success: Date | null }[]>(
        HEALTH_SQL.byState,
        params,
      ),
      this.dataSource.query<{ p50: number | null; p95: number | null }[]>(
        HEALTH_SQL.durations,
        params,
      ),
      this.dataSource.query<
        {
          at: Date;
          error: string | null;
          error_message: string | null;
          status_code: number | null;
        }[]
      >(HEALTH_SQL.lastError, params),
      this.traffic.check(rule),
    ]);
    const deliveries: Record<string, number> = Object.fromEntries(STATES.map((s) => [s, 0]));
    // States this version doesn't know (e.g. `held`) are shown as they come.
    for (const row of byState) deliveries[row.state] = row.n;
    const finished = deliveries.delivered + deliveries.failed;
    const lastSuccess = byState.find((r) => r.state === 'delivered')?.last_success ?? null;
    return {
      window,
      deliveries,
      successRate: finished === 0 ? null : deliveries.delivered / finished,
      attemptDurationMs: { p50: roundedMs(durations.p50), p95: roundedMs(durations.p95) },
      lastError: lastError
        ? {
            at: lastError.at,
            error: lastError.error,
            errorText: attemptErrorText({
              error: lastError.error,
              errorMessage: lastError.error_message,
              statusCode: lastError.status_code,
            }),
            statusCode: lastError.status_code,
          }
        : null,
      lastSuccessAt: lastSuccess,
      trafficCheck: traffic.checks,
      warnings: macroWarnings(traffic.checks),
    };
  }

  // The rules list's badge: one grouped query over the listed rules' last 24 hours.
  async badges(rules: readonly PostbackRule[]): Promise<Map<number, HealthBadge>> {
    const counts = new Map<number, { delivered: number; failed: number; retrying: number }>();
    if (rules.length > 0) {
      const rows = await this.dataSource.query<
        { postback_id: number; delivered: number; failed: number; retrying: number }[]
      >(HEALTH_SQL.badges, [rules.map((r) => r.id)]);
      for (const row of rows) counts.set(row.postback_id, row);
    }
    const none = { delivered: 0, failed: 0, retrying: 0 };
    return new Map(rules.map((r) => [r.id, healthBadge(r, counts.get(r.id) ?? none)]));
  }
}
