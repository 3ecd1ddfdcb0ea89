import { STATUS_CODES } from 'node:http';
import { EXPECTED_BODY_PREFIX } from '../delivery/attempt-outcome';

// What went wrong with one attempt, in words a publisher can act on, beside the technical
// `error` code and `errorMessage` detail (SPEC §9). Pure: derived from what the attempt stored.

export interface AttemptFacts {
  error: string | null;
  errorMessage: string | null;
  statusCode: number | null;
}

// The sender keeps a redirect's target in errorMessage as "Location: <url>".
export const LOCATION_PREFIX = 'Location: ';

const DETAIL_MAX = 200;

// Network failures, matched on the error code Node or undici puts in the message.
const NETWORK_WORDS: [RegExp, string][] = [
  [/ENOTFOUND/, 'tracker host not found (DNS)'],
  [/EAI_AGAIN/, 'DNS lookup of the tracker host failed for now (DNS server unreachable)'],
  [/ECONNREFUSED/, 'tracker refused the connection (nothing listens on that host and port)'],
  [/EHOSTUNREACH|ENETUNREACH/, 'tracker host unreachable (no network route)'],
  [
    /certificate|CERT_|SSL|TLS|EPROTO|wrong version number|altnames/i,
    "secure connection failed (the tracker's TLS certificate or setup)",
  ],
  [
    /ECONNRESET|EPIPE|other side closed|socket hang up|closed/i,
    'tracker closed the connection before answering',
  ],
  [
    /HPE_|does not match the HTTP|Parse Error|invalid header/i,
    'tracker sent an invalid HTTP answer',
  ],
];

const TIMEOUT_WORDS: [RegExp, string][] = [
  [/connect/i, 'could not connect to the tracker within the time limit'],
  [/body/i, "the tracker's answer did not finish within the time limit"],
];

export function attemptErrorText({ error, errorMessage, statusCode }: AttemptFacts): string | null {
  if (error === 'unexpected_body') return unexpectedBodyWords(statusCode, errorMessage);
  if (error !== null && error !== 'response_too_large') return errorWords(error, errorMessage);
  const words =
    statusCode === null ? 'no answer from the tracker' : statusWords(statusCode, errorMessage);
  if (error === 'response_too_large') return words ? `${words}; ${TOO_LARGE}` : TOO_LARGE;
  return words;
}

const TOO_LARGE = "the tracker's answer was over 64 KiB; the first 4 KiB are kept";

function errorWords(error: string, detail: string | null): string {
  switch (error) {
    case 'timeout':
      return wordsFor(TIMEOUT_WORDS, detail) ?? 'tracker did not answer within the time limit';
    case 'network_error':
      return wordsFor(NETWORK_WORDS, detail) ?? withDetail('could not reach the tracker', detail);
    case 'destination_not_allowed':
      return 'destination refused: the tracker host resolves to a private or reserved address';
    // 'invalid_url' is older attempts' name for it.
    case 'invalid_request':
    case 'invalid_url':
      return withDetail('the postback could not be built from this event', detail);
    default:
      return withDetail(error.replaceAll('_', ' '), detail);
  }
}

// The delivery engine keeps the text it expected in the detail, as "Expected: <text>".
function unexpectedBodyWords(status: number | null, detail: string | null): string {
  const expected = detail?.startsWith(EXPECTED_BODY_PREFIX)
    ? ` "${clip(detail.slice(EXPECTED_BODY_PREFIX.length))}"`
    : '';
  return `tracker answered ${status ?? '2xx'} but not with the expected text${expected}; its answer says why`;
}

// null for a 2xx: the tracker took it.
function statusWords(status: number, detail: string | null): string | null {
  if (status >= 200 && status <= 299) return null;
  const answered = `${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
  if (status >= 300 && status <= 399) {
    const location = detail?.startsWith(LOCATION_PREFIX)
      ? detail.slice(LOCATION_PREFIX.length).trim()
      : '';
    return location
      ? `redirect to ${clip(location)} not followed (${answered}); put the final URL in the rule`
      : `redirect not followed (${answered}, no Location given)`;
  }
  if (status === 410) return `tracker says this endpoint is gone (${answered}); the rule is paused`;
  if (status === 429) return `tracker is limiting requests (${answered})`;
  if (status === 408) return `tracker timed out reading the request (${answered})`;
  if (status === 401 || status === 403)
    return `tracker refused the postback (${answered}); check the key or token in the URL or headers`;
  if (status === 404) return `tracker does not know this URL (${answered}); check the URL`;
  if (status >= 400 && status <= 499) return `tracker refused the postback (${answered})`;
  if (status >= 500 && status <= 599) return `tracker error (${answered})`;
  return `unexpected answer from the tracker (${answered})`;
}

function wordsFor(table: [RegExp, string][], detail: string | null): string | null {
  if (!detail) return null;
  return table.find(([pattern]) => pattern.test(detail))?.[1] ?? null;
}

function withDetail(words: string, detail: string | null): string {
  return detail ? `${words}: ${clip(detail)}` : words;
}

function clip(text: string): string {
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text;
}
