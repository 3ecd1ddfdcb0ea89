import { cleanParam, codePointLength, truncateText } from './tracking-params';

describe('codePointLength', () => {
  it('counts surrogate pairs once and lone surrogates once', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('👍👍')).toBe(2);
    expect(codePointLength('\uD83D')).toBe(1);
    expect(codePointLength('a\uDC00b')).toBe(3);
  });
});

describe('cleanParam', () => {
  it('treats empty as absent and strips NUL characters', () => {
    expect(cleanParam(undefined)).toBeNull();
    expect(cleanParam('')).toBeNull();
    expect(cleanParam('a\u0000b')).toBe('ab');
    expect(cleanParam('\u0000')).toBeNull();
    expect(cleanParam('plain')).toBe('plain');
  });
});

describe('truncateText', () => {
  it('cuts to the limit in characters without splitting a pair', () => {
    expect(truncateText('x'.repeat(2000), 1024)).toHaveLength(1024);
    expect(truncateText('short', 1024)).toBe('short');
    expect(truncateText(undefined, 10)).toBeNull();
    const cut = truncateText('👍'.repeat(10), 4)!;
    expect(cut).toBe('👍👍👍👍');
    expect(codePointLength(cut)).toBe(4);
  });
});
