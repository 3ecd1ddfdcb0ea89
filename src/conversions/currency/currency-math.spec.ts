import {
  convertAmount,
  formatRate,
  fromScaled,
  POSITIVE_RATE_PATTERN,
  toScaled,
} from './currency-math';

describe('currency math', () => {
  it('scales decimals to integers and back without floats', () => {
    expect(toScaled('12.5', 4)).toBe(125000n);
    expect(toScaled('0.1', 10)).toBe(1000000000n);
    expect(toScaled('1.0800000000', 4)).toBe(10800n); // trailing zeros beyond the scale are fine
    expect(fromScaled(125000n, 4)).toBe('12.5000');
    expect(fromScaled(5n, 4)).toBe('0.0005');
    expect(() => toScaled('1.23456', 4)).toThrow(RangeError);
    expect(() => toScaled('-1', 4)).toThrow(RangeError);
  });

  it('converts into the base currency with the reported currency rate', () => {
    // EUR reported on a USD offer, base USD: 1 EUR = 1.08 USD
    expect(convertAmount('10', '1.08', '1')).toBe('10.8000');
    expect(convertAmount('12.5', '1.0800000000', '1')).toBe('13.5000');
  });

  it('converts between two non-base currencies through the base', () => {
    // GBP → EUR with USD base: 1 GBP = 1.27 USD, 1 EUR = 1.08 USD
    expect(convertAmount('100', '1.27', '1.08')).toBe('117.5926'); // 117.592592… rounds down
  });

  it('rounds half up at the fourth decimal', () => {
    expect(convertAmount('0.0001', '0.5', '1')).toBe('0.0001'); // 0.00005 → 0.0001
    expect(convertAmount('0.0001', '0.4999999999', '1')).toBe('0.0000');
    expect(convertAmount('1', '1', '3')).toBe('0.3333');
    expect(convertAmount('2', '1', '3')).toBe('0.6667');
  });

  it('is exact where floats are not', () => {
    // 0.1 × 3 in floating point is 0.30000000000000004
    expect(convertAmount('0.1', '3', '1')).toBe('0.3000');
    expect(convertAmount('99999999999999.9999', '1', '1')).toBe('99999999999999.9999');
  });

  it('refuses results that do not fit numeric(18,4)', () => {
    expect(() => convertAmount('99999999999999', '10', '1')).toThrow(RangeError);
  });

  it('formats and validates rates', () => {
    expect(formatRate('1.0800000000')).toBe('1.08');
    expect(formatRate('2.0000000000')).toBe('2');
    expect(formatRate('3')).toBe('3');
    for (const ok of ['1', '0.0000000001', '1.08', '12345678901234.5'])
      expect(POSITIVE_RATE_PATTERN.test(ok)).toBe(true);
    for (const bad of [
      '0',
      '0.0',
      '000.0000000000',
      '-1',
      '123456789012345',
      '1e3',
      '1.12345678901',
      '',
      'abc',
    ])
      expect(POSITIVE_RATE_PATTERN.test(bad)).toBe(false);
  });
});
