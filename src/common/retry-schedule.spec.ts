import { parseRetrySchedule } from './retry-schedule';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('parseRetrySchedule', () => {
  it('parses unit suffixes', () => {
    expect(parseRetrySchedule('0,5s,5m,30m,2h')).toEqual([
      0,
      5 * SECOND,
      5 * MINUTE,
      30 * MINUTE,
      2 * HOUR,
    ]);
    expect(parseRetrySchedule('250ms,1s')).toEqual([250, SECOND]);
  });

  it('reads bare numbers as milliseconds', () => {
    expect(parseRetrySchedule('0,200,500')).toEqual([0, 200, 500]);
  });

  it('tolerates spaces around entries', () => {
    expect(parseRetrySchedule(' 0 , 5s ,10m ')).toEqual([0, 5 * SECOND, 10 * MINUTE]);
  });

  it.each(['', ' ', '0,,5s', '5x', '-5', '1.5s', 's', '5 s', '0;5s', '99999999999999999h'])(
    'throws on invalid input %p',
    (csv) => {
      expect(() => parseRetrySchedule(csv)).toThrow(Error);
    },
  );

  it('names the bad entry in the error', () => {
    expect(() => parseRetrySchedule('0,5s,oops')).toThrow(/"oops"/);
  });
});
