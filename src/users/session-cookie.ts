import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../common/ids';

export const SESSION_COOKIE = 'pm_session';
export const SESSION_TTL_MS = 12 * 3600 * 1000;

// 256 random bits; only its SHA-256 is stored (the sessions row id), so a copy of the database
// opens no session.
export const newSessionToken = () => randomToken(32);
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

// The CSRF token is derived from the cookie's token instead of stored: the server recomputes it
// from the cookie on each request, a page on another site can read neither, and a copy of the
// sessions table (ids are a different hash of the token) yields none.
export function csrfTokenOf(token: string): string {
  return createHmac('sha256', token).update('pm csrf').digest('base64url');
}

export function csrfTokenMatches(token: string, given: string | undefined): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(token));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// One cookie's value from a Cookie header (RFC 6265 §5.4: `name=value` pairs joined by `; `).
// The first of several same-named cookies wins (browsers send the most specific path first).
export function readCookie(header: string | string[] | undefined, name: string): string | null {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return null;
  for (const pair of text.split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue;
    let value = pair.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
    return value === '' ? null : value;
  }
  return null;
}

// `token` null clears the cookie.
export function sessionCookie(token: string | null, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${token === null ? '' : encodeURIComponent(token)}`,
    'Path=/',
    `Max-Age=${token === null ? 0 : SESSION_TTL_MS / 1000}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
