import { nextRollupRange } from './outcome-rollup';

const at = (iso: string) => new Date(iso);

describe('nextRollupRange', () => {
  it('takes the hours that ended over five minutes ago', () => {
    expect(nextRollupRange(at('2026-12-03T03:00:00Z'), at('2026-12-03T06:10:00Z'))).toEqual({
      from: at('2026-12-03T03:00:00Z'),
      to: at('2026-12-03T06:00:00Z'),
    });
  });

  it('waits five minutes after an hour ends, and never takes the current hour', () => {
    expect(nextRollupRange(at('2026-12-03T05:00:00Z'), at('2026-12-03T06:04:59Z'))).toBeNull();
    expect(nextRollupRange(at('2026-12-03T05:00:00Z'), at('2026-12-03T06:05:00Z'))).toEqual({
      from: at('2026-12-03T05:00:00Z'),
      to: at('2026-12-03T06:00:00Z'),
    });
    expect(nextRollupRange(at('2026-12-03T06:00:00Z'), at('2026-12-03T06:59:00Z'))).toBeNull();
  });

  it('catches up on a long history a day at a time', () => {
    expect(nextRollupRange(at('2026-09-01T00:00:00Z'), at('2026-12-03T06:10:00Z'))).toEqual({
      from: at('2026-09-01T00:00:00Z'),
      to: at('2026-09-02T00:00:00Z'),
    });
  });
});
