import { headerValue } from './macro-encoders';
import type { MacroValues } from './macros';
import type { ParsedTemplate } from './macro-renderer';
import type { LintIssue } from './lint-issue';

// RFC 7230 token.
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Anything that could end or split a header line; a tab is allowed in a field value.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HEADER_VALUE_BREAKER = /[\x00-\x08\x0A-\x1F\x7F]/;
// Header text goes out as written, so it must be printable ASCII (or a tab): other characters
// have no agreed meaning on the wire. Macro values are encoded instead (macro-encoders.ts).
const NOT_ASCII = /[^\p{ASCII}]/u;
// Framing headers the HTTP client owns; setting them breaks every delivery of the rule.
export const TRANSPORT_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-connection',
]);

export function headerIssues(name: string, value: string, field: string): LintIssue[] {
  const issues: LintIssue[] = [];
  const invalid = (message: string): void => {
    issues.push({ code: 'invalid_header', field, message });
  };
  if (!HEADER_NAME.test(name)) {
    invalid(`Header name "${name}" is not valid: use letters, digits and - (e.g. X-Token)`);
  } else if (TRANSPORT_HEADERS.has(name.toLowerCase())) {
    invalid(`Header ${name} is set by the HTTP client; remove it`);
  }
  if (HEADER_VALUE_BREAKER.test(value)) {
    invalid(
      `Header ${name} value contains a line break or control character; a header value is a single line`,
    );
  }
  const foreign = NOT_ASCII.exec(value);
  if (foreign !== null) {
    invalid(
      `Header ${name} contains "${foreign[0]}", which a header can't carry as text; header text must be printable ASCII, so write it percent-encoded (${headerValue(foreign[0])}) or send it through a macro, whose value is percent-encoded for you`,
    );
  }
  return issues;
}

// Header macros whose value would not go out as it is (control characters dropped, non-ASCII
// percent-encoded): the preview says so, since the receiver must decode it.
export function encodedHeaderMacros(parsed: ParsedTemplate, values: MacroValues): string[] {
  const names: string[] = [];
  for (const part of parsed.parts) {
    if (typeof part === 'string' || part.canonical === undefined) continue;
    const value = values[part.canonical];
    if (value === null || value === undefined) continue;
    const text = String(value);
    if (headerValue(text) !== text && !names.includes(part.name)) names.push(part.name);
  }
  return names;
}
