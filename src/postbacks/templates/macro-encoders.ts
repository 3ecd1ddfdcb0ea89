// Per-context value encoders. They run for every macro of every click redirect and delivery,
// so each scans the value once and returns it untouched (no allocation) when nothing changes.

export type RenderContext = 'url' | 'form' | 'json' | 'header';

// RFC 3986 unreserved: A-Z a-z 0-9 - . _ ~ (encodeURIComponent would also keep !'()*).
const UNRESERVED = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~') {
  UNRESERVED[c.charCodeAt(0)] = 1;
}
const PERCENT_ASCII = Array.from(
  { length: 128 },
  (_, c) => `%${c.toString(16).toUpperCase().padStart(2, '0')}`,
);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Only ever called on non-ASCII text, none of which encodeURIComponent leaves as is.
function percentEncodeUtf8(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate has no UTF-8 form; send U+FFFD as TextEncoder would.
    return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
  }
}

export function percentEncode(value: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 128) {
      if (UNRESERVED[code] === 1) continue;
      out += value.slice(copied, i) + PERCENT_ASCII[code];
      copied = i + 1;
      continue;
    }
    let end = i + 1;
    while (end < value.length && value.charCodeAt(end) >= 128) end++;
    out += value.slice(copied, i) + percentEncodeUtf8(value.slice(i, end));
    copied = end;
    i = end - 1;
  }
  return copied === 0 ? value : out + value.slice(copied);
}

// JSON.stringify leaves U+2028/U+2029 as is; escape them so the body is safe as JS too.
const LINE_SEPARATORS = /[\u2028\u2029]/g;

export function jsonEscape(value: string): string {
  let plain = true;
  for (let i = 0; i < value.length && plain; i++) {
    const code = value.charCodeAt(i);
    // Control characters, '"', '\', surrogates and the line separators need a look.
    plain =
      code >= 0x20 &&
      code !== 0x22 &&
      code !== 0x5c &&
      (code < 0xd800 || code > 0xdfff) &&
      code !== 0x2028 &&
      code !== 0x2029;
  }
  if (plain) return value;
  return JSON.stringify(value)
    .slice(1, -1)
    .replace(LINE_SEPARATORS, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

// Header values (SPEC §7) go out as printable ASCII: undici refuses a character above U+00FF
// (and used to leave the connection pool stuck behind it), and sends U+0080–U+00FF as Latin-1
// bytes that receivers decode differently. So control characters (C0, DEL, C1) are dropped and
// every other non-ASCII character is sent as its UTF-8 percent-encoding (é → %C3%A9); printable
// ASCII, '%' included, is sent as is.
function isHeaderControl(code: number): boolean {
  return code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f);
}

function headerText(value: string, keepTab: boolean): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code >= 0x20 && code < 0x7f) || (code === 0x09 && keepTab)) continue;
    out += value.slice(copied, i);
    if (isHeaderControl(code)) {
      copied = i + 1;
      continue;
    }
    // A run of non-ASCII, so a surrogate pair is encoded as one character.
    let end = i + 1;
    while (end < value.length && value.charCodeAt(end) >= 0xa0) end++;
    out += percentEncodeUtf8(value.slice(i, end));
    copied = end;
    i = end - 1;
  }
  return copied === 0 ? value : out + value.slice(copied);
}

// A macro value in a header, `{name|raw}` included: raw can't mean unsendable.
export function headerValue(value: string): string {
  return headerText(value, false);
}

// Literal header text is refused on save unless it is printable ASCII or a tab (HTTP allows
// one inside a value); a rule stored before that check still goes out the same safe way.
export function headerLiteral(text: string): string {
  return headerText(text, true);
}

export function encodeMacroValue(value: string, context: RenderContext): string {
  switch (context) {
    case 'url':
    case 'form':
      return percentEncode(value);
    case 'json':
      return jsonEscape(value);
    case 'header':
      return headerValue(value);
  }
}
