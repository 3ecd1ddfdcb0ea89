import { Injectable } from '@nestjs/common';
import { parseRetrySchedule } from '../../common/retry-schedule';
import { AppConfig } from '../../config/app-config';

// Retry schedule and Retry-After handling for deliveries (SPEC §8): pure functions, and the
// policy in force as a provider.

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

// Index n holds the delay before attempt n + 1; past the end the last delay repeats.
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5 * SECOND_MS,
  5 * MINUTE_MS,
  30 * MINUTE_MS,
  2 * HOUR_MS,
  5 * HOUR_MS,
  10 * HOUR_MS,
  10 * HOUR_MS,
];
export const RETRY_JITTER_RATIO = 0.2;
export const RETRY_AFTER_CAP_MS = 3_600_000;

export interface RetryPolicy {
  scheduleMs: readonly number[];
  jitterRatio: number;
  retryAfterCapMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  scheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
  jitterRatio: RETRY_JITTER_RATIO,
  retryAfterCapMs: RETRY_AFTER_CAP_MS,
};

// The SPEC schedule unless DELIVERY_RETRY_SCHEDULE overrides it (tests run with milliseconds).
@Injectable()
export class DeliveryRetryPolicy {
  readonly policy: RetryPolicy;

  constructor(config: AppConfig) {
    this.policy = config.DELIVERY_RETRY_SCHEDULE
      ? { ...DEFAULT_RETRY_POLICY, scheduleMs: parseRetrySchedule(config.DELIVERY_RETRY_SCHEDULE) }
      : DEFAULT_RETRY_POLICY;
  }
}

export function nextRetryDelayMs(
  attemptsMade: number,
  maxAttempts: number,
  policy: RetryPolicy,
  retryAfterMs?: number | null,
  random: () => number = Math.random,
): number | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) {
    throw new RangeError(`attemptsMade must be an integer >= 1, got ${attemptsMade}`);
  }
  if (policy.scheduleMs.length === 0) throw new RangeError('Retry schedule is empty');
  if (attemptsMade >= maxAttempts) return null;

  const scheduled = policy.scheduleMs[Math.min(attemptsMade, policy.scheduleMs.length - 1)];
  // random() in [0, 1) spreads the delay over [1 - ratio, 1 + ratio) of the schedule.
  const jittered = Math.round(scheduled * (1 + policy.jitterRatio * (2 * random() - 1)));
  const floor =
    retryAfterMs == null || !(retryAfterMs > 0)
      ? 0
      : Math.min(retryAfterMs, policy.retryAfterCapMs);
  return Math.max(jittered, floor);
}

const DELTA_SECONDS = /^-?\d+$/;
// IMF-fixdate, RFC 850 and asctime all start with a day name; this keeps Date.parse
// from reading stray numbers such as "1.5" as dates.
const HTTP_DATE = /^[A-Za-z]{3,9},? /;
const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

// Returns the delay the receiver asked for, in ms; null when absent or unreadable.
export function parseRetryAfter(
  value: string | string[] | undefined | null,
  nowMs: number,
): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw == null) return null;
  const text = raw.trim();

  if (DELTA_SECONDS.test(text)) return Math.max(0, Number(text) * SECOND_MS);
  if (!HTTP_DATE.test(text)) return null;
  // asctime carries no zone; HTTP dates are always GMT.
  const dateMs = Date.parse(ASCTIME.test(text) ? `${text} GMT` : text);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - nowMs);
}
