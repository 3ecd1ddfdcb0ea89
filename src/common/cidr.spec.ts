import { parseCidrList } from './cidr';

describe('parseCidrList', () => {
  it('returns an empty list for a missing or blank value', () => {
    expect(parseCidrList(undefined)).toEqual([]);
    expect(parseCidrList(null)).toEqual([]);
    expect(parseCidrList('')).toEqual([]);
    expect(parseCidrList(' , ')).toEqual([]);
  });

  it('splits, trims and validates entries', () => {
    expect(parseCidrList('127.0.0.0/8, ::1/128')).toEqual(['127.0.0.0/8', '::1/128']);
    expect(parseCidrList(' 10.0.0.0/8 ,fd00::/8,')).toEqual(['10.0.0.0/8', 'fd00::/8']);
  });

  it('gives a bare address a host prefix', () => {
    expect(parseCidrList('10.1.2.3,::1')).toEqual(['10.1.2.3/32', '::1/128']);
  });

  it('accepts the boundary prefixes', () => {
    expect(parseCidrList('0.0.0.0/0,1.2.3.4/32,::/0,::1/128')).toEqual([
      '0.0.0.0/0',
      '1.2.3.4/32',
      '::/0',
      '::1/128',
    ]);
  });

  it.each([
    'localhost',
    '127.0.0.0/33',
    '::1/129',
    '127.0.0.0/',
    '127.0.0.0/-1',
    '127.0.0.0/8/8',
    '127.0.0.0/8a',
    '127.0.0/8',
    '[::1]/128',
    'fe80::/10%eth0',
    'fe80::1%eth0/128',
  ])('throws on %p, naming it', (entry) => {
    expect(() => parseCidrList(`10.0.0.0/8, ${entry}`)).toThrow(entry);
  });
});
