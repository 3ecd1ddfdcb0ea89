import {
  CURRENT_TOKEN_FLOOR,
  legacyTokenFloor,
  MAX_TOKEN_TIME,
  randomHex,
  randomToken,
  TIME_ORDERED_TOKEN,
  timeOrderedToken,
  tokenFloor,
  uuidv7,
} from './ids';

describe('ids', () => {
  it('makes URL-safe random tokens of 128 bits', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(Array.from({ length: 1000 }, () => randomToken())).size).toBe(1000);
  });

  it('makes time-ordered tokens that compare as text in time order and stay unique', () => {
    const times = [5, 1, 9, 3, 61_000_000_000, 7 * 2 ** 40].map(
      (offset) => 1_700_000_000_000 + offset,
    );
    const tokens = times.map((time) => timeOrderedToken(time));
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{30}$/);
    const byText = [...tokens].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(byText).toEqual(
      [...tokens].sort((a, b) => times[tokens.indexOf(a)] - times[tokens.indexOf(b)]),
    );
    const same = Array.from({ length: 1000 }, () => timeOrderedToken(1_700_000_000_000));
    expect(new Set(same).size).toBe(1000);
  });

  it('gives a floor token below every token of that millisecond and above every earlier one', () => {
    const floor = tokenFloor(1_700_000_003_000);
    expect(timeOrderedToken(1_700_000_002_999) < floor).toBe(true);
    expect(timeOrderedToken(1_700_000_003_000) >= floor).toBe(true);
    expect(tokenFloor(-5)).toBe(tokenFloor(0));
    expect(tokenFloor(2 ** 48)).toBe(tokenFloor(MAX_TOKEN_TIME));
  });

  it('never starts an id with "-" or "_", from 1970 to the last time a token holds', () => {
    for (const time of [0, 1, 1_700_000_000_000, 2 ** 42, 5 * 2 ** 42, 2 ** 45, MAX_TOKEN_TIME]) {
      for (const token of [timeOrderedToken(time), tokenFloor(time)]) {
        expect(token).toMatch(/^[k-z]/);
        expect(token).toMatch(TIME_ORDERED_TOKEN);
      }
    }
    expect(() => timeOrderedToken(MAX_TOKEN_TIME + 1)).toThrow(RangeError);
  });

  it('keeps ids of the previous format (leading "-") below and apart from current ones', () => {
    const now = 1_700_000_000_000;
    expect(legacyTokenFloor(now)).toMatch(/^-/);
    expect(legacyTokenFloor(now) < legacyTokenFloor(now + 1)).toBe(true);
    expect(legacyTokenFloor(2 ** 50)).toMatch(/^-/);
    // The largest legacy id sorts below the oldest current one.
    expect('-'.padEnd(30, 'z') < CURRENT_TOKEN_FLOOR).toBe(true);
    expect(CURRENT_TOKEN_FLOOR <= timeOrderedToken(0)).toBe(true);
  });

  it('makes RFC 9562 version 7 UUIDs in time order', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_500);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });

  it('never hands out the same random bytes twice, across refills of the pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      seen.add(uuidv7(1_700_000_000_000).slice(14));
      seen.add(randomHex(8));
    }
    expect(seen.size).toBe(4_000);
  });

  it('gives more random bytes than the pool holds in full, never uninitialised memory', () => {
    const big = randomHex(20_000);
    expect(big).toHaveLength(40_000);
    // Past the pool's 11,264 bytes a clamped copy would leave the rest as it was allocated.
    expect(new Set(big.slice(22_528).match(/.{32}/g)).size).toBe(17_472 / 32);
  });
});
