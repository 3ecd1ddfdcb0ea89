import { ApiRecord } from '../../common/openapi/api-docs';
import type {
  HealthBadge,
  HealthState,
  HealthWindow,
  MacroWarning,
  TrafficCheck,
} from './rule-health-checks';

// What GET /api/postbacks/:id/health and the rules list answer (SPEC §14), as classes the
// OpenAPI document reads; `implements` keeps them in step with the types the checks compute.

export class HealthBadgeView implements HealthBadge {
  state: HealthState;
  deliveredLast24h: number;
  failedLast24h: number;
  retryingLast24h: number;
}

export class TrafficCheckView implements TrafficCheck {
  macro: string;
  // Of the scope's recent clicks, how many would render this macro empty.
  emptyIn: number;
  of: number;
}

export class MacroWarningView implements MacroWarning {
  code: 'macro_usually_empty';
  message: string;
  macro: string;
}

export class AttemptDurations {
  p50: number | null;
  p95: number | null;
}

export class LastErrorView {
  at: Date;
  error: string | null;
  errorText: string | null;
  statusCode: number | null;
}

export class RuleHealthView {
  window: HealthWindow;
  // Deliveries of the window by state.
  @ApiRecord({ type: 'integer' })
  deliveries: Record<string, number>;
  // Delivered of delivered and failed; null when none finished.
  successRate: number | null;
  attemptDurationMs: AttemptDurations;
  lastError: LastErrorView | null;
  lastSuccessAt: Date | null;
  trafficCheck: TrafficCheckView[];
  warnings: MacroWarningView[];
}
