import {
  csrfTokenMatches,
  csrfTokenOf,
  newSessionToken,
  readCookie,
  sessionCookie,
  sessionIdOf,
} from './session-cookie';

describe('readCookie', () => {
  it('finds one cookie among several, whatever the spacing', () => {
    expect(readCookie('a=1; pm_session=tok; b=2', 'pm_session')).toBe('tok');
    expect(readCookie('pm_session=tok;b=2', 'pm_session')).toBe('tok');
    expect(readCookie('  pm_session = tok ', 'pm_session')).toBe('tok');
  });

  it('takes the first of two same-named cookies, unquotes and decodes the value', () => {
    expect(readCookie('pm_session=first; pm_session=second', 'pm_session')).toBe('first');
    expect(readCookie('pm_session="quoted"', 'pm_session')).toBe('quoted');
    expect(readCookie('pm_session=a%3Db', 'pm_session')).toBe('a=b');
  });

  it('answers null when the cookie is absent, empty or undecodable', () => {
    expect(readCookie(undefined, 'pm_session')).toBeNull();
    expect(readCookie('', 'pm_session')).toBeNull();
    expect(readCookie('xpm_session=tok; pm_sessionx=tok', 'pm_session')).toBeNull();
    expect(readCookie('pm_session=', 'pm_session')).toBeNull();
    expect(readCookie('pm_session=%E0%A4%A', 'pm_session')).toBeNull();
    expect(readCookie('novalue; other', 'pm_session')).toBeNull();
  });

  it('reads a header Node split into several values', () => {
    expect(readCookie(['a=1', 'pm_session=tok'], 'pm_session')).toBe('tok');
  });
});

describe('sessionCookie', () => {
  it('sets an httpOnly, SameSite=Lax cookie for 12 hours on the whole site', () => {
    expect(sessionCookie('tok', false)).toBe(
      'pm_session=tok; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax',
    );
    expect(sessionCookie('tok', true)).toBe(
      'pm_session=tok; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure',
    );
  });

  it('clears it with Max-Age=0', () => {
    expect(sessionCookie(null, false)).toBe(
      'pm_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax',
    );
  });

  it('round-trips a token through readCookie', () => {
    const token = newSessionToken();
    expect(readCookie(sessionCookie(token, true).split(';')[0], 'pm_session')).toBe(token);
  });
});

describe('session tokens', () => {
  it('are 256 random bits, stored as a hash that differs from the CSRF token', () => {
    const token = newSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSessionToken()).not.toBe(token);
    expect(sessionIdOf(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(csrfTokenOf(token)).not.toBe(sessionIdOf(token));
    expect(csrfTokenOf(token)).toBe(csrfTokenOf(token));
    expect(csrfTokenOf(newSessionToken())).not.toBe(csrfTokenOf(token));
  });

  it('accept exactly the session’s CSRF token', () => {
    const token = newSessionToken();
    expect(csrfTokenMatches(token, csrfTokenOf(token))).toBe(true);
    expect(csrfTokenMatches(token, csrfTokenOf(newSessionToken()))).toBe(false);
    expect(csrfTokenMatches(token, csrfTokenOf(token).slice(1))).toBe(false);
    expect(csrfTokenMatches(token, '')).toBe(false);
    expect(csrfTokenMatches(token, undefined)).toBe(false);
  });
});
