// The overview's pure parts (SPEC §11): its windows, their buckets, and the counts the database
// answers per hour laid out as the chart's series.

const HOUR_MS = 3_600_000;

// 24 hourly bars for a day, 28 six-hour bars for a week: enough to see a change, few enough
// to read.
export const OVERVIEW_WINDOWS = {
  '24h': { hours: 24, bucketHours: 1 },
  '7d': { hours: 168, bucketHours: 6 },
} as const;
export type OverviewWindow = keyof typeof OVERVIEW_WINDOWS;

// Finished deliveries' outcomes, the chart's series.
export const OUTCOMES = ['delivered', 'failed', 'cancelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface WindowBounds {
  from: Date;
  to: Date;
  bucketHours: number;
  // Each bucket's start, oldest first; the last one holds `to`.
  starts: Date[];
}

export type OutcomeCounts = Record<Outcome, number>;
export interface OutcomeBucket extends OutcomeCounts {
  at: Date;
}

// Buckets start at UTC multiples of their size (so the rolled-up hours fall whole into one);
// the window is the last `hours / bucketHours` of them, the current one partly elapsed.
export function windowBounds(window: OverviewWindow, now: Date): WindowBounds {
  const { hours, bucketHours } = OVERVIEW_WINDOWS[window];
  const bucketMs = bucketHours * HOUR_MS;
  const lastStart = Math.floor(now.getTime() / bucketMs) * bucketMs;
  const count = hours / bucketHours;
  const starts = Array.from(
    { length: count },
    (_, i) => new Date(lastStart - (count - 1 - i) * bucketMs),
  );
  return { from: starts[0], to: now, bucketHours, starts };
}

export function emptyCounts(): OutcomeCounts {
  return { delivered: 0, failed: 0, cancelled: 0 };
}

function isOutcome(state: string): state is Outcome {
  return (OUTCOMES as readonly string[]).includes(state);
}

// Hourly counts into the window's buckets, every bucket present (zeros where nothing finished).
// Hours outside the window and states that are not outcomes are left out.
export function bucketSeries(
  bounds: WindowBounds,
  rows: readonly { hour: Date; state: string; n: number }[],
): OutcomeBucket[] {
  const bucketMs = bounds.bucketHours * HOUR_MS;
  const first = bounds.starts[0].getTime();
  const buckets = bounds.starts.map((at) => ({ at, ...emptyCounts() }));
  for (const row of rows) {
    const index = Math.floor((row.hour.getTime() - first) / bucketMs);
    if (index < 0 || index >= buckets.length || !isOutcome(row.state)) continue;
    buckets[index][row.state] += row.n;
  }
  return buckets;
}

export function totalsOf(buckets: readonly OutcomeCounts[]): OutcomeCounts {
  const totals = emptyCounts();
  for (const bucket of buckets) for (const o of OUTCOMES) totals[o] += bucket[o];
  return totals;
}

// Delivered of those that got a final answer; null when none did (no traffic is not 0 %).
export function successRate(counts: { delivered: number; failed: number }): number | null {
  const finished = counts.delivered + counts.failed;
  return finished === 0 ? null : counts.delivered / finished;
}
