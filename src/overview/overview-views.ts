import type { OutcomeBucket, OutcomeCounts, OverviewWindow } from './overview-buckets';

// What GET /api/overview answers (SPEC §11), as classes the OpenAPI document reads.

export class OutcomeBucketView implements OutcomeBucket {
  // The bucket's start (UTC); it lasts `bucketHours`.
  at: Date;
  delivered: number;
  failed: number;
  cancelled: number;
}

export class OutcomeTotalsView implements OutcomeCounts {
  delivered: number;
  failed: number;
  cancelled: number;
}

// BullMQ's own counts of delivery jobs; null when Redis did not answer within a second.
export class QueueJobsView {
  waiting: number;
  active: number;
  delayed: number;
}

export class QueueDepthView {
  // Deliveries not finished yet (scheduled or retrying).
  pending: number;
  // Of those, due now: what the workers have to catch up on.
  due: number;
  // Of those, attempted before and waiting for their next retry.
  retrying: number;
  // Network-wide job counts; null for a publisher, or when Redis did not answer.
  jobs: QueueJobsView | null;
}

export class OverviewErrorView {
  at: Date;
  statusCode: number | null;
  // The last failed attempt in words, as the logs show it.
  errorText: string | null;
}

export class FailingRuleView {
  id: number;
  name: string;
  publisherId: number | null;
  delivered: number;
  failed: number;
  retrying: number;
  successRate: number | null;
  lastError: OverviewErrorView | null;
}

export class PausedRuleView {
  id: number;
  name: string;
  publisherId: number | null;
  pausedReason: string;
  pausedAt: Date | null;
}

export class IntakeRefusalView {
  errorCode: string;
  count: number;
}

export class IntakeSummaryView {
  accepted: number;
  duplicate: number;
  refused: number;
  // Refusals by error code, most first.
  refusals: IntakeRefusalView[];
}

export class OverviewView {
  window: OverviewWindow;
  from: Date;
  to: Date;
  bucketHours: number;
  // Deliveries that finished in each bucket, by outcome.
  series: OutcomeBucketView[];
  totals: OutcomeTotalsView;
  // Delivered of delivered and failed in the window; null when none finished.
  successRate: number | null;
  queue: QueueDepthView;
  // Enabled rules with over 10 % of the window's deliveries failed or still retrying, worst first.
  failingRules: FailingRuleView[];
  // Rules the system paused (the last 20 deliveries failed, or a 410), newest first.
  pausedRules: PausedRuleView[];
  // Advertiser intake requests of the window; null for a publisher.
  intake: IntakeSummaryView | null;
}
