import { formatMoney, MONEY_PATTERN } from './money';

describe('money', () => {
  it('keeps at least two decimals and drops trailing zeros beyond', () => {
    expect(formatMoney('12.5000')).toBe('12.50');
    expect(formatMoney('12.1250')).toBe('12.125');
    expect(formatMoney('0.0000')).toBe('0.00');
    expect(formatMoney('7')).toBe('7.00');
    // As a numeric column would return it: a reported "007.5" is stored as 7.5000.
    expect(formatMoney('007.5')).toBe('7.50');
    expect(formatMoney('00')).toBe('0.00');
    expect(formatMoney('99999999999999.9999')).toBe('99999999999999.9999');
  });

  it('accepts non-negative decimals with up to 4 places only', () => {
    for (const ok of ['0', '12', '12.5', '12.1234']) expect(MONEY_PATTERN.test(ok)).toBe(true);
    for (const bad of ['-1', '1.23456', '1e3', '', ' 1', '1,5', '.5'])
      expect(MONEY_PATTERN.test(bad)).toBe(false);
  });
});
