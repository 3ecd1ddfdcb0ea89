import {
  convertAmount,
  divideHalfEven,
  formatRate,
  fromScaled,
  POSITIVE_RATE_PATTERN,
  toScaled,
} from './currency-math';

describe('currency math', () => {
  it('scales decimals to integers and back without floats', () => {
    expect(toScaled('12.5', 4)).toBe(125000n);
    expect(toScaled('12.12345678', 8)).toBe(1212345678n);
    expect(toScaled('0.1', 10)).toBe(1000000000n);
    expect(toScaled('1.0800000000', 4)).toBe(10800n); // trailing zeros beyond the scale are fine
    expect(fromScaled(125000n, 4)).toBe('12.5000');
    expect(fromScaled(5n, 4)).toBe('0.0005');
    expect(() => toScaled('1.23456', 4)).toThrow(RangeError);
    expect(() => toScaled('-1', 4)).toThrow(RangeError);
  });

  it('converts into the base currency with the reported currency rate', () => {
    // EUR reported on a USD offer, base USD: 1 EUR = 1.08 USD
    expect(convertAmount('10', '1.08', '1')).toBe('10.80000000');
    expect(convertAmount('12.5', '1.0800000000', '1')).toBe('13.50000000');
    expect(convertAmount('0.12345678', '2', '1')).toBe('0.24691356'); // all 8 decimals kept
  });

  it('converts between two non-base currencies through the base', () => {
    // GBP → EUR with USD base: 1 GBP = 1.27 USD, 1 EUR = 1.08 USD
    expect(convertAmount('100', '1.27', '1.08')).toBe('117.59259259'); // 117.592592592… down
  });

  it('rounds half-even at the eighth decimal', () => {
    expect(convertAmount('0.00000001', '0.5', '1')).toBe('0.00000000'); // 0.5e-8 → even 0
    expect(convertAmount('0.00000003', '0.5', '1')).toBe('0.00000002'); // 1.5e-8 → even 2
    expect(convertAmount('0.00000005', '0.5', '1')).toBe('0.00000002'); // 2.5e-8 → even 2
    expect(convertAmount('0.00000001', '0.5000000001', '1')).toBe('0.00000001'); // past half
    expect(convertAmount('0.00000001', '0.4999999999', '1')).toBe('0.00000000');
    expect(convertAmount('1', '1', '3')).toBe('0.33333333');
    expect(convertAmount('2', '1', '3')).toBe('0.66666667');
  });

  it('divides half-even', () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n); // 2.5 → 2
    expect(divideHalfEven(7n, 2n)).toBe(4n); // 3.5 → 4
    expect(divideHalfEven(11n, 4n)).toBe(3n); // 2.75 → 3
    expect(divideHalfEven(9n, 4n)).toBe(2n); // 2.25 → 2
    expect(divideHalfEven(0n, 3n)).toBe(0n);
  });

  it('is exact where floats are not', () => {
    // 0.1 × 3 in floating point is 0.30000000000000004
    expect(convertAmount('0.1', '3', '1')).toBe('0.30000000');
    expect(convertAmount('999999999999999999.99999999', '1', '1')).toBe(
      '999999999999999999.99999999',
    );
  });

  it('refuses results past 18 integer digits', () => {
    expect(() => convertAmount('999999999999999999', '10', '1')).toThrow(RangeError);
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
