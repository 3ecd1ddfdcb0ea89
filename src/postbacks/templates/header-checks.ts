import type { LintIssue } from './template-linter';

// RFC 7230 token.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Anything that could end or split a header line; a tab is allowed in a field value.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HEADER_VALUE_BREAKER = /[\x00-\x08\x0A-\x1F\x7F]/;
// Framing headers the HTTP client owns; setting them breaks every delivery of the rule.
const TRANSPORT_HEADERS = new Set([
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
  return issues;
}
