import { headerRaw, headerValue, jsonEscape, percentEncode } from './macro-encoders';

// Straightforward (slower) definitions the fast encoders must agree with. Percent-encoding is
// done byte-wise on TextEncoder's UTF-8, which also turns lone surrogates into U+FFFD.
const UNRESERVED_BYTES = /^[A-Za-z0-9\-._~]$/;
const referencePercent = (value: string): string =>
  [...new TextEncoder().encode(value)]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return byte < 128 && UNRESERVED_BYTES.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
const referenceJson = (value: string): string =>
  JSON.stringify(value)
    .slice(1, -1)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

// Deterministic pseudo-random strings over a pool with every interesting kind of character.
const POOL = [
  ...'aZ09-._~ !"#$%&\'()*+,/:;<=>?@[\\]^`{|}\t\r\n\u0000\u001f\u007f',
  'é',
  '中',
  '😀',
  '\u2028',
  '\u2029',
  '\uD800',
  '\uDC00',
  '\uFEFF',
];
function randomStrings(count: number): string[] {
  let seed = 42;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: next() % 12 }, () => POOL[next() % POOL.length]).join(''),
  );
}

describe('percentEncode', () => {
  it('agrees with byte-wise RFC 3986 encoding of the UTF-8 text on varied input', () => {
    for (const value of randomStrings(3000))
      expect(percentEncode(value)).toBe(referencePercent(value));
  });

  it('handles ASCII and non-ASCII runs next to each other', () => {
    expect(percentEncode('a é😀b中 c')).toBe('a%20%C3%A9%F0%9F%98%80b%E4%B8%AD%20c');
    expect(percentEncode('😀')).toBe('%F0%9F%98%80');
    expect(percentEncode('\uD83D')).toBe('%EF%BF%BD');
  });

  it('returns an unreserved value as is', () => {
    expect(percentEncode('')).toBe('');
    expect(percentEncode('abc-123_~.')).toBe('abc-123_~.');
  });
});

describe('jsonEscape', () => {
  it('agrees with JSON.stringify plus line-separator escaping on varied input', () => {
    for (const value of randomStrings(3000)) expect(jsonEscape(value)).toBe(referenceJson(value));
  });

  it('escapes lone surrogates so the body stays valid UTF-8', () => {
    expect(jsonEscape('a\uD800b')).toBe('a\\ud800b');
    expect(jsonEscape('😀')).toBe('😀');
  });
});

describe('header encoders', () => {
  it('headerValue drops every C0 control and DEL, nothing else', () => {
    for (const value of randomStrings(3000)) {
      const kept = [...value].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f);
      expect(headerValue(value)).toBe(kept.join(''));
    }
  });

  it('headerRaw drops only CR, LF and NUL', () => {
    expect(headerRaw('\r\na\u0000b\tc\u001bd\r')).toBe('ab\tc\u001bd');
    expect(headerRaw('plain value')).toBe('plain value');
  });
});
