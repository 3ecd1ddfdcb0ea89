import { formatMoney, MONEY_PATTERN, moneyTextOfNumber, readMoneyLeniently } from './money';

describe('money', () => {
  it('keeps at least two decimals and drops trailing zeros beyond', () => {
    expect(formatMoney('12.5000')).toBe('12.50');
    expect(formatMoney('12.1250')).toBe('12.125');
    expect(formatMoney('0.0000')).toBe('0.00');
    expect(formatMoney('7')).toBe('7.00');
    // As a numeric column would return it: a reported "007.5" is stored as 7.50000000.
    expect(formatMoney('007.5')).toBe('7.50');
    expect(formatMoney('00')).toBe('0.00');
    expect(formatMoney('12.50000000')).toBe('12.50');
    expect(formatMoney('0.00000001')).toBe('0.00000001');
    expect(formatMoney('999999999999999999.99999999')).toBe('999999999999999999.99999999');
  });

  it('accepts non-negative decimals with up to 8 places and 18 integer digits only', () => {
    for (const ok of ['0', '12', '12.5', '12.1234', '0.12345678', '999999999999999999.99999999'])
      expect(MONEY_PATTERN.test(ok)).toBe(true);
    for (const bad of ['-1', '1.123456789', '1e3', '', ' 1', '1,5', '.5', '1234567890123456789'])
      expect(MONEY_PATTERN.test(bad)).toBe(false);
  });
});

describe('readMoneyLeniently', () => {
  const read = (text: string) => readMoneyLeniently(text);
  const exact = (value: string) => ({ value, rounded: false, commaAmbiguous: false });
  const rounded = (value: string) => ({ value, rounded: true, commaAmbiguous: false });

  it('keeps up to 8 decimals exactly', () => {
    expect(read('12.5')).toEqual(exact('12.50'));
    expect(read('0.12345678')).toEqual(exact('0.12345678'));
    expect(read('007.10')).toEqual(exact('7.10'));
    expect(read(' 3 ')).toEqual(exact('3.00'));
    // Zeros beyond the 8th decimal change nothing, so nothing was rounded.
    expect(read('1.1000000000000')).toEqual(exact('1.10'));
  });

  it('rounds more than 8 decimals half-even', () => {
    expect(read('0.123456784')).toEqual(rounded('0.12345678'));
    expect(read('0.123456786')).toEqual(rounded('0.12345679'));
    // An exact half goes to the even neighbour...
    expect(read('0.123456785')).toEqual(rounded('0.12345678'));
    expect(read('0.123456775')).toEqual(rounded('0.12345678'));
    expect(read('0.1234567850')).toEqual(rounded('0.12345678'));
    // ...anything past the half rounds up.
    expect(read('0.1234567850001')).toEqual(rounded('0.12345679'));
    // A carry runs into the integer part.
    expect(read('9.999999995')).toEqual(rounded('10.00'));
    expect(read('0.000000005')).toEqual(rounded('0.00'));
    expect(read('0.000000015')).toEqual(rounded('0.00000002'));
    // What a float printed by the advertiser's code looks like.
    expect(read('0.30000000000000004')).toEqual(rounded('0.30'));
  });

  it('reads a lone decimal comma as a point', () => {
    expect(read('12,50')).toEqual(exact('12.50'));
    expect(read('0,5')).toEqual(exact('0.50'));
    expect(read('1,1234567891')).toEqual(rounded('1.12345679'));
  });

  it('flags a lone comma that could be a thousands separator, and still reads it as decimal', () => {
    for (const [text, value] of [
      ['1,234', '1.234'],
      ['12,500', '12.50'],
      [' 999,999 ', '999.999'],
    ])
      expect(read(text)).toEqual({ value, rounded: false, commaAmbiguous: true });
    // No thousands separator fits: a leading zero, a first group of four, not three decimals.
    for (const text of ['0,500', '1234,567', ',500', '1,23', '1,2345', '1.234'])
      expect(read(text)).toMatchObject({ commaAmbiguous: false });
  });

  it('reads a bare point on either side', () => {
    expect(read('.5')).toEqual(exact('0.50'));
    expect(read('12.')).toEqual(exact('12.00'));
  });

  it('gives up on what it cannot read', () => {
    for (const bad of [
      '',
      '   ',
      'abc',
      '1.2.3',
      '1,2,3',
      '1,234.50',
      '.',
      ',',
      '-1',
      '+1',
      '1e3',
      '12 USD',
      '$12',
      'NaN',
      'Infinity',
      '1\u00002',
      '\u0000',
      '١٢', // Arabic-Indic digits
      '1234567890123456789', // 19 integer digits: more than money holds
      '999999999999999999.999999995', // rounds up past 18 integer digits
    ])
      expect(read(bad)).toBeNull();
    expect(read('999999999999999999.99999999')).toEqual(exact('999999999999999999.99999999'));
  });
});

describe('moneyTextOfNumber', () => {
  it('takes a JSON number whose text has at most 15 significant digits', () => {
    expect(moneyTextOfNumber(12.5)).toBe('12.5');
    expect(moneyTextOfNumber(0.12345678)).toBe('0.12345678');
    expect(moneyTextOfNumber(12345678901.1234)).toBe('12345678901.1234'); // 15 digits
    expect(moneyTextOfNumber(100000000000000000)).toBe('100000000000000000'); // 1 digit, exact
    expect(moneyTextOfNumber(-1)).toBe('-1'); // read; the pattern refuses it
  });

  it('refuses one a double cannot hold exactly, or written with an exponent', () => {
    // Parsed from the JSON text 12345678901.12345678: the double prints 12345678901.123457.
    expect(moneyTextOfNumber(JSON.parse('12345678901.12345678'))).toBeNull();
    expect(moneyTextOfNumber(JSON.parse('1234567890.123456'))).toBeNull(); // 16 digits
    expect(moneyTextOfNumber(0.1 + 0.2)).toBeNull(); // 0.30000000000000004
    expect(moneyTextOfNumber(1e-7)).toBeNull(); // "1e-7"
    expect(moneyTextOfNumber(1e21)).toBeNull();
    expect(moneyTextOfNumber(Number.NaN)).toBeNull();
  });
});
