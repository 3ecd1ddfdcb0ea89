import { headerLiteral, headerValue, jsonEscape, percentEncode } from './macro-encoders';

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
  '\u0085',
  '\u00a0',
  'ÿ',
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

// Header reference: per code point, printable ASCII kept, controls (C0, DEL, C1) dropped, the
// rest as the UTF-8 percent-encoding of the code point (a lone surrogate as U+FFFD).
const isHeaderControl = (code: number) =>
  code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f);
const referenceHeader = (value: string, keepTab: boolean): string =>
  [...value]
    .map((char) => {
      const code = char.codePointAt(0)!;
      if ((code >= 0x20 && code < 0x7f) || (keepTab && code === 0x09)) return char;
      if (isHeaderControl(code)) return '';
      return [...new TextEncoder().encode(char)]
        .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
    })
    .join('');
// What undici (and HTTP) accept in a field value without a second thought: printable ASCII.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

describe('header encoders', () => {
  it('headerValue agrees with the per-character reference on varied input', () => {
    for (const value of randomStrings(3000)) {
      expect(headerValue(value)).toBe(referenceHeader(value, false));
      expect(headerValue(value)).toMatch(PRINTABLE_ASCII);
    }
  });

  it('sends Cyrillic, emoji and Latin-1 as UTF-8 percent-encoding, and ASCII as is', () => {
    expect(headerValue('кампания')).toBe('%D0%BA%D0%B0%D0%BC%D0%BF%D0%B0%D0%BD%D0%B8%D1%8F');
    expect(headerValue('go 😀!')).toBe('go %F0%9F%98%80!');
    expect(headerValue('café')).toBe('caf%C3%A9');
    expect(headerValue('100% "ok" {x}')).toBe('100% "ok" {x}');
    expect(headerValue('\uD83D')).toBe('%EF%BF%BD');
  });

  it('drops C0, DEL and C1 control characters, the tab included', () => {
    expect(headerValue('a\r\nX-Evil: 1\u0000\tb\u007f\u0085c')).toBe('aX-Evil: 1bc');
  });

  it('headerLiteral is the same but keeps a tab', () => {
    for (const value of randomStrings(1000))
      expect(headerLiteral(value)).toBe(referenceHeader(value, true));
    expect(headerLiteral('a\tb\r\n')).toBe('a\tb');
  });

  it('returns a printable ASCII value as is', () => {
    const value = 'Bearer abc.DEF-123_~';
    expect(headerValue(value)).toBe(value);
  });
});
