import {
  DEFAULT_RETRY_POLICY,
  DEFAULT_RETRY_SCHEDULE_MS,
  DeliveryRetryPolicy,
  nextRetryDelayMs,
  parseRetryAfter,
  RETRY_AFTER_CAP_MS,
  RETRY_JITTER_RATIO,
  RetryPolicy,
} from './retry-policy';
import { parseRetrySchedule } from '../../common/retry-schedule';
import { AppConfig } from '../../config/app-config';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

// random() = 0.5 means no jitter; 0 is the low edge, just below 1 the high edge.
const noJitter = () => 0.5;
const lowest = () => 0;
const highest = () => 0.999999999;

describe('retry constants', () => {
  it('holds the SPEC §8 schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS).toEqual([
      0,
      5 * SECOND,
      5 * MINUTE,
      30 * MINUTE,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      10 * HOUR,
    ]);
    expect(RETRY_JITTER_RATIO).toBe(0.2);
    expect(RETRY_AFTER_CAP_MS).toBe(HOUR);
  });

  it('builds the default policy from those constants', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      scheduleMs: DEFAULT_RETRY_SCHEDULE_MS,
      jitterRatio: 0.2,
      retryAfterCapMs: HOUR,
    });
  });
});

describe('nextRetryDelayMs', () => {
  it('returns the scheduled delay before each next attempt', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((made) =>
      nextRetryDelayMs(made, 8, DEFAULT_RETRY_POLICY, null, noJitter),
    );
    expect(delays).toEqual([
      5 * SECOND,
      5 * MINUTE,
      30 * MINUTE,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      10 * HOUR,
    ]);
  });

  it('returns null once maxAttempts attempts have been made', () => {
    expect(nextRetryDelayMs(8, 8, DEFAULT_RETRY_POLICY, null, noJitter)).toBeNull();
    expect(nextRetryDelayMs(1, 1, DEFAULT_RETRY_POLICY, null, noJitter)).toBeNull();
    expect(nextRetryDelayMs(3, 3, DEFAULT_RETRY_POLICY, null, noJitter)).toBeNull();
    expect(nextRetryDelayMs(5, 3, DEFAULT_RETRY_POLICY, null, noJitter)).toBeNull();
    expect(nextRetryDelayMs(2, 3, DEFAULT_RETRY_POLICY, null, noJitter)).toBe(5 * MINUTE);
  });

  it('repeats the last delay beyond the schedule', () => {
    expect(nextRetryDelayMs(8, 20, DEFAULT_RETRY_POLICY, null, noJitter)).toBe(10 * HOUR);
    expect(nextRetryDelayMs(19, 20, DEFAULT_RETRY_POLICY, null, noJitter)).toBe(10 * HOUR);
    expect(nextRetryDelayMs(20, 20, DEFAULT_RETRY_POLICY, null, noJitter)).toBeNull();
  });

  it('applies ±20 % jitter to the scheduled delay', () => {
    expect(nextRetryDelayMs(1, 8, DEFAULT_RETRY_POLICY, null, lowest)).toBe(4 * SECOND);
    expect(nextRetryDelayMs(1, 8, DEFAULT_RETRY_POLICY, null, highest)).toBe(6 * SECOND);
    expect(nextRetryDelayMs(2, 8, DEFAULT_RETRY_POLICY, null, () => 0.75)).toBe(5.5 * MINUTE);
  });

  it('stays within the jitter band for any random value', () => {
    for (let i = 0; i <= 100; i++) {
      const delay = nextRetryDelayMs(3, 8, DEFAULT_RETRY_POLICY, null, () => i / 101)!;
      expect(delay).toBeGreaterThanOrEqual(0.8 * 30 * MINUTE);
      expect(delay).toBeLessThanOrEqual(1.2 * 30 * MINUTE);
    }
  });

  it('returns whole milliseconds', () => {
    const delay = nextRetryDelayMs(
      1,
      8,
      { ...DEFAULT_RETRY_POLICY, scheduleMs: [0, 7] },
      null,
      () => 0.3,
    );
    expect(Number.isInteger(delay)).toBe(true);
  });

  it('uses Math.random when no random source is given', () => {
    const spy = jest.spyOn(Math, 'random').mockReturnValue(0);
    try {
      expect(nextRetryDelayMs(1, 8, DEFAULT_RETRY_POLICY)).toBe(4 * SECOND);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('honours Retry-After as a minimum', () => {
    expect(nextRetryDelayMs(1, 8, DEFAULT_RETRY_POLICY, 120 * SECOND, noJitter)).toBe(120 * SECOND);
    // A shorter Retry-After never shortens the schedule.
    expect(nextRetryDelayMs(2, 8, DEFAULT_RETRY_POLICY, 10 * SECOND, noJitter)).toBe(5 * MINUTE);
  });

  it('caps Retry-After at one hour', () => {
    expect(nextRetryDelayMs(1, 8, DEFAULT_RETRY_POLICY, 5 * HOUR, noJitter)).toBe(HOUR);
    // The schedule itself may exceed the cap.
    expect(nextRetryDelayMs(4, 8, DEFAULT_RETRY_POLICY, 5 * HOUR, noJitter)).toBe(2 * HOUR);
  });

  it('ignores a missing, zero, negative or NaN Retry-After', () => {
    for (const retryAfter of [undefined, null, 0, -5 * SECOND, Number.NaN]) {
      expect(nextRetryDelayMs(1, 8, DEFAULT_RETRY_POLICY, retryAfter, lowest)).toBe(4 * SECOND);
    }
  });

  it('still returns null at maxAttempts even with Retry-After', () => {
    expect(nextRetryDelayMs(8, 8, DEFAULT_RETRY_POLICY, 10 * SECOND, noJitter)).toBeNull();
  });

  it('follows a custom policy', () => {
    const fast: RetryPolicy = { scheduleMs: [0, 200, 500], jitterRatio: 0, retryAfterCapMs: 1_000 };
    expect(nextRetryDelayMs(1, 5, fast, null, lowest)).toBe(200);
    expect(nextRetryDelayMs(2, 5, fast, null, highest)).toBe(500);
    expect(nextRetryDelayMs(4, 5, fast, null, lowest)).toBe(500);
    expect(nextRetryDelayMs(1, 5, fast, 60 * SECOND, lowest)).toBe(1_000);
  });

  it('rejects an attempt count below one or not an integer', () => {
    expect(() => nextRetryDelayMs(0, 8, DEFAULT_RETRY_POLICY)).toThrow(RangeError);
    expect(() => nextRetryDelayMs(1.5, 8, DEFAULT_RETRY_POLICY)).toThrow(RangeError);
  });

  it('rejects an empty schedule', () => {
    const empty: RetryPolicy = { ...DEFAULT_RETRY_POLICY, scheduleMs: [] };
    expect(() => nextRetryDelayMs(1, 8, empty)).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120 * SECOND);
    expect(parseRetryAfter(' 5 ', now)).toBe(5 * SECOND);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('clamps a negative delta to zero', () => {
    expect(parseRetryAfter('-30', now)).toBe(0);
  });

  it('reads an IMF-fixdate relative to now', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 12:01:30 GMT', now)).toBe(90 * SECOND);
  });

  it('reads the obsolete RFC 850 and asctime date forms as GMT', () => {
    expect(parseRetryAfter('Wednesday, 01-May-24 12:00:10 GMT', now)).toBe(10 * SECOND);
    expect(parseRetryAfter('Wed May  1 12:00:20 2024', now)).toBe(20 * SECOND);
  });

  it('clamps a date in the past to zero', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0);
  });

  it('takes the first value of a repeated header', () => {
    expect(parseRetryAfter(['7', '100'], now)).toBe(7 * SECOND);
  });

  it('returns null for an absent header', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter([], now)).toBeNull();
  });

  it.each(['', 'soon', '1.5', '5s', '2024-05-01', 'Wed, 99 Foo 2024 GMT'])(
    'returns null for the unreadable value %p',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeNull();
    },
  );
});

describe('DEFAULT_RETRY_SCHEDULE_MS', () => {
  it('is the SPEC schedule as DELIVERY_RETRY_SCHEDULE writes it', () => {
    expect(parseRetrySchedule('0,5s,5m,30m,2h,5h,10h,10h')).toEqual(DEFAULT_RETRY_SCHEDULE_MS);
  });
});

describe('DeliveryRetryPolicy', () => {
  const withSchedule = (schedule: string) =>
    new DeliveryRetryPolicy(Object.assign(new AppConfig(), { DELIVERY_RETRY_SCHEDULE: schedule }));

  it('is the SPEC policy when DELIVERY_RETRY_SCHEDULE is unset', () => {
    expect(withSchedule('').policy).toBe(DEFAULT_RETRY_POLICY);
  });

  it('takes the schedule from DELIVERY_RETRY_SCHEDULE, keeping jitter and the Retry-After cap', () => {
    expect(withSchedule('0,200,500').policy).toEqual({
      ...DEFAULT_RETRY_POLICY,
      scheduleMs: [0, 200, 500],
    });
  });
});
