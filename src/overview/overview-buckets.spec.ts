import { bucketSeries, successRate, totalsOf, windowBounds } from './overview-buckets';

const at = (iso: string) => new Date(iso);

describe('overview buckets', () => {
  it('cuts a day into 24 hourly buckets ending with the current hour', () => {
    const bounds = windowBounds('24h', at('2026-12-03T06:40:00Z'));
    expect(bounds.starts).toHaveLength(24);
    expect(bounds.from).toEqual(at('2026-12-02T07:00:00Z'));
    expect(bounds.starts[23]).toEqual(at('2026-12-03T06:00:00Z'));
    expect(bounds.to).toEqual(at('2026-12-03T06:40:00Z'));
    expect(bounds.bucketHours).toBe(1);
  });

  it('cuts a week into 28 six-hour buckets aligned to UTC', () => {
    const bounds = windowBounds('7d', at('2026-12-03T06:40:00Z'));
    expect(bounds.starts).toHaveLength(28);
    expect(bounds.starts[27]).toEqual(at('2026-12-03T06:00:00Z'));
    expect(bounds.from).toEqual(at('2026-11-26T12:00:00Z'));
    expect(bounds.starts.every((s) => s.getUTCHours() % 6 === 0)).toBe(true);
  });

  it('adds hours into their bucket and leaves every other bucket at zero', () => {
    const bounds = windowBounds('7d', at('2026-12-03T06:40:00Z'));
    const series = bucketSeries(bounds, [
      { hour: at('2026-12-03T00:00:00Z'), state: 'delivered', n: 3 },
      { hour: at('2026-12-03T05:00:00Z'), state: 'delivered', n: 4 },
      { hour: at('2026-12-03T05:00:00Z'), state: 'failed', n: 2 },
      { hour: at('2026-12-03T06:00:00Z'), state: 'cancelled', n: 1 },
    ]);
    expect(series).toHaveLength(28);
    expect(series[26]).toEqual({
      at: at('2026-12-03T00:00:00Z'),
      delivered: 7,
      failed: 2,
      cancelled: 0,
    });
    expect(series[27]).toMatchObject({ delivered: 0, failed: 0, cancelled: 1 });
    expect(series.slice(0, 26).every((b) => b.delivered + b.failed + b.cancelled === 0)).toBe(true);
  });

  it('drops hours outside the window and states that are not outcomes', () => {
    const bounds = windowBounds('24h', at('2026-12-03T06:40:00Z'));
    const series = bucketSeries(bounds, [
      { hour: at('2026-12-02T06:00:00Z'), state: 'delivered', n: 5 }, // a minute too old
      { hour: at('2026-12-03T07:00:00Z'), state: 'delivered', n: 5 }, // in the future
      { hour: at('2026-12-03T06:00:00Z'), state: 'retrying', n: 5 },
      { hour: at('2026-12-02T07:00:00Z'), state: 'failed', n: 1 },
    ]);
    expect(totalsOf(series)).toEqual({ delivered: 0, failed: 1, cancelled: 0 });
    expect(series[0].failed).toBe(1);
  });

  it('rates success over delivered and failed only, null without either', () => {
    expect(successRate({ delivered: 3, failed: 1 })).toBe(0.75);
    expect(successRate({ delivered: 0, failed: 2 })).toBe(0);
    expect(successRate({ delivered: 0, failed: 0 })).toBeNull();
  });
});
