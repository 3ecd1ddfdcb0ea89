// What the log keeps of a request's headers and body: secrets masked BEFORE they are stored, so
// the log (and whoever reads it: publishers, exports, backups) never holds a credential.

export const MASKED = '[masked]';

// Header (and body field) names that carry credentials by convention.
const SECRET_NAME = /token|key|secret|passw|auth|cookie|signature|session|credential/i;
// Names that look secret but are not: the delivery id sent for deduplication.
const NOT_SECRET = new Set(['idempotency-key', 'webhook-id', 'webhook-timestamp']);
// Values this short would mask ordinary words ("on", "1") wherever they appear.
const MIN_SECRET_CHARS = 6;

export interface MaskedRequest {
  headers: Record<string, string>;
  body: string | null;
}

export function isSecretName(name: string): boolean {
  return !NOT_SECRET.has(name.toLowerCase()) && SECRET_NAME.test(name);
}

// Authorization keeps its scheme ("Bearer [masked]") so a reader still sees how it authenticated.
function maskedHeaderValue(name: string, value: string): string {
  if (/^(proxy-)?authorization$/i.test(name)) {
    const scheme = /^([A-Za-z][\w-]*)\s+\S/.exec(value);
    return scheme ? `${scheme[1]} ${MASKED}` : MASKED;
  }
  return MASKED;
}

// The secrets of one request: the rule's signing secret (also without its whsec_ prefix) and the
// values of secret-named headers, wherever else they show up (a body echoing a token).
function secretValues(headers: Record<string, string>, signingSecret: string | null): string[] {
  const values: string[] = [];
  if (signingSecret) {
    values.push(signingSecret);
    if (signingSecret.startsWith('whsec_')) values.push(signingSecret.slice(6));
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretName(name)) continue;
    const scheme = /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(value);
    values.push(scheme ? scheme[1] : value);
  }
  // Longest first, so a secret containing another is masked whole.
  return values.filter((v) => v.length >= MIN_SECRET_CHARS).sort((a, b) => b.length - a.length);
}

function maskValues(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(MASKED);
  return out;
}

// JSON bodies: secret-named fields at any depth; form bodies: secret-named parameters.
function maskBodyFields(body: string, contentType: string | undefined): string {
  if (contentType?.startsWith('application/json')) {
    try {
      return JSON.stringify(maskJson(JSON.parse(body)));
    } catch {
      return body; // not JSON after all: the value pass still applies
    }
  }
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    return body
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return pair;
        const name = safeDecode(pair.slice(0, eq));
        return isSecretName(name) ? `${pair.slice(0, eq)}=${encodeURIComponent(MASKED)}` : pair;
      })
      .join('&');
  }
  return body;
}

function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isSecretName(k) ? MASKED : maskJson(v)]),
    );
  }
  return value;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

// The headers and body as the log stores them. Pure and cheap: a few string passes per attempt.
export function maskRequest(
  request: { headers: Record<string, string>; body: string | null },
  signingSecret: string | null,
): MaskedRequest {
  const secrets = secretValues(request.headers, signingSecret);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = isSecretName(name)
      ? maskedHeaderValue(name, value)
      : maskValues(value, secrets);
  }
  const body =
    request.body === null
      ? null
      : maskValues(maskBodyFields(request.body, request.headers['content-type']), secrets);
  return { headers, body };
}
