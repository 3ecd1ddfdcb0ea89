import type { LintIssue } from './template-linter';
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

// Stray or doubled '?' and '&' in the query: trackers read such parameters differently.
export function malformedQuery(source: string, field: string): LintIssue[] {
  const hash = source.indexOf('#');
  const end = hash === -1 ? source.length : hash;
  const start = source.indexOf('?');
  if (start === -1 || start >= end) return [];
  const issues: LintIssue[] = [];
  const warn = (position: number, message: string): void => {
    issues.push({ code: 'malformed_query', field, position, message });
  };
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
