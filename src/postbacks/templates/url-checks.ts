import type { LintIssue } from './lint-issue';
import type { ParsedTemplate } from './macro-renderer';

// Whitespace, C0/C1 controls and the invisible characters that ride along with copy-paste.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BAD_URL_CHAR = /[\s\x00-\x1F\x7F-\x9F\u200B-\u200D\u2060\uFEFF]/;

function describeChar(char: string): string {
  if (char === ' ') return 'a space';
  if (char === '\t') return 'a tab';
  if (char === '\r' || char === '\n') return 'a line break';
  const code = char.charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
  return control ? `a control character (${hex})` : `an invisible character (${hex})`;
}

export function invalidCharacters(source: string, field: string): LintIssue | undefined {
  const match = BAD_URL_CHAR.exec(source);
  if (match === null) return undefined;
  return {
    code: 'invalid_characters',
    field,
    position: match.index,
    message: `URL contains ${describeChar(match[0])} at position ${match.index}; remove it (a value that needs one goes in through a macro, which is encoded)`,
  };
}

const ABSOLUTE_HTTP = /^https?:\/\//i;

// `rendered` is the URL filled in with sample values, as the sender would see it.
export function invalidUrl(rendered: string, field: string): LintIssue | undefined {
  const fail = (why: string): LintIssue => ({
    code: 'invalid_url',
    field,
    message: `URL ${why} (with sample values it reads "${rendered}")`,
  });
  if (!ABSOLUTE_HTTP.test(rendered)) {
    return fail('must be an absolute URL starting with https:// or http://');
  }
  let url: URL;
  try {
    url = new URL(rendered);
  } catch {
    return fail('is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(`must use http or https, not ${url.protocol}`);
  }
  // The WHATWG parser takes `t.example&subid=1` as a host name; no DNS name looks like that.
  const odd = /[^a-z0-9._-]/.exec(url.hostname);
  if (odd !== null && !url.hostname.startsWith('[')) {
    const hint =
      odd[0] === '&' || odd[0] === '='
        ? `; parameters go after a '?', as in ${url.protocol}//${url.hostname.slice(0, odd.index)}/?…`
        : '';
    return fail(`has a host "${url.hostname}" with '${odd[0]}', which no server name has${hint}`);
  }
  return undefined;
}

// End of scheme://host[:port]: the first '/', '?', '#' or '\' after the scheme separator.
function authorityEnd(source: string): number {
  const separator = source.indexOf('://');
  const start = separator === -1 ? 0 : separator + 3;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '/' || c === '?' || c === '#' || c === '\\') return i;
  }
  return source.length;
}

export function macrosInHost(parsed: ParsedTemplate, field: string): LintIssue[] {
  const end = authorityEnd(parsed.source);
  return parsed.macros
    .filter((m) => m.position < end)
    .map((m) => ({
      code: 'macro_in_host',
      field,
      macro: m.name,
      position: m.position,
      message: `${m.token} at position ${m.position} is part of the scheme or host, so click data would pick the server this postback goes to; keep macros in the path or query`,
    }));
}

// A '#' in a template starts the fragment, which an HTTP client never sends.
export function fragmentNotSent(parsed: ParsedTemplate, field: string): LintIssue[] {
  const hash = parsed.source.indexOf('#');
  if (hash === -1) return [];
  const lost = parsed.macros.filter((m) => m.position > hash).map((m) => m.token);
  const macros = lost.length === 0 ? '' : ` (so ${lost.join(', ')} never reach it)`;
  return [
    {
      code: 'fragment_not_sent',
      field,
      position: hash,
      message: `Everything from '#' at position ${hash} on is a URL fragment, which is never sent to the tracker${macros}; send what it needs as a parameter before it, e.g. &status={status}`,
    },
  ];
}

const PARAMETER_IN_PATH = /&(?!amp;)[^&=/?#]+=/i;
const HTML_AMPERSAND = /&amp;/gi;

// Stray or doubled '?' and '&' in the query, '&' where the '?' belongs, and HTML's `&amp;`:
// trackers read such parameters differently, or not at all.
export function malformedQuery(source: string, field: string): LintIssue[] {
  const hash = source.indexOf('#');
  const end = hash === -1 ? source.length : hash;
  const start = source.indexOf('?');
  const issues: LintIssue[] = [];
  const warn = (position: number, message: string): void => {
    issues.push({ code: 'malformed_query', field, position, message });
  };
  for (const match of source.slice(0, end).matchAll(HTML_AMPERSAND)) {
    const name = /^[^=&#]*/.exec(source.slice(match.index + match[0].length))![0];
    warn(
      match.index,
      `'${match[0]}' at position ${match.index} is how HTML writes '&' (copied from a web page or an e-mail?): the tracker would receive a parameter named "amp;${name}"; write a plain '&'`,
    );
  }
  const pathStart = authorityEnd(source);
  const pathEnd = start === -1 || start > end ? end : start;
  const inPath = PARAMETER_IN_PATH.exec(source.slice(pathStart, pathEnd));
  if (inPath !== null) {
    const at = pathStart + inPath.index;
    const parameter = `${inPath[0]}…`;
    warn(
      at,
      pathEnd === start
        ? `'${parameter}' at position ${at} is in the path, before the '?' at position ${start}, so it is not a parameter; move it after the '?'`
        : `'${parameter}' at position ${at}: the URL has no '?', so this is part of the path and the tracker receives no parameters; start the query with '?', as in ${source.slice(0, at)}?${inPath[0].slice(1)}…`,
    );
  }
  if (start === -1 || start >= end) return issues;
  const query = source.slice(start + 1, end);
  if (query === '') {
    warn(start, `'?' at position ${start} starts a query with no parameters; remove it`);
  }
  const second = query.indexOf('?');
  if (second === 0) {
    warn(
      start,
      `'??' at position ${start}: the second '?' becomes part of a parameter name; use one '?'`,
    );
  } else if (second !== -1) {
    const at = start + 1 + second;
    warn(
      at,
      `A second '?' at position ${at}; separate parameters with '&' (only the first '?' starts the query)`,
    );
  }
  if (query.startsWith('&')) {
    warn(start, `'?&' at position ${start}: an empty parameter; remove the '&'`);
  }
  const doubled = query.indexOf('&&');
  if (doubled !== -1) {
    const at = start + 1 + doubled;
    warn(at, `'&&' at position ${at}: an empty parameter; use a single '&'`);
  }
  if (query.length > 1 && query.endsWith('&')) {
    const at = end - 1;
    warn(at, `Trailing '&' at position ${at}: an empty parameter; remove it`);
  }
  return issues;
}
