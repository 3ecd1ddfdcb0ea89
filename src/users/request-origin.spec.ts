import { isHttps, linkBase, originAllowed, ownOrigin, RequestFacts } from './request-origin';

const request = (
  headers: Record<string, string> = {},
  host = 'console.example:8080',
  protocol = 'http',
): RequestFacts => ({ headers, host, protocol });

const BASE = 'http://localhost:3000';

describe('ownOrigin', () => {
  it('is the scheme and Host the request was sent to', () => {
    expect(ownOrigin(request())).toBe('http://console.example:8080');
    expect(ownOrigin(request({}, 'Console.Example:443', 'https'))).toBe('https://console.example');
  });

  it('takes the scheme a TLS-terminating proxy reports', () => {
    expect(ownOrigin(request({ 'x-forwarded-proto': 'https, http' }, 'console.example'))).toBe(
      'https://console.example',
    );
  });

  it('is null without a usable Host', () => {
    expect(ownOrigin(request({}, ''))).toBeNull();
    expect(ownOrigin(request({}, 'bad host/'))).toBeNull();
  });
});

describe('originAllowed', () => {
  it('allows the request’s own origin and PUBLIC_BASE_URL’s', () => {
    expect(originAllowed(request({ origin: 'http://console.example:8080' }), BASE)).toBe(true);
    expect(
      originAllowed(request({ origin: 'https://net.example' }), 'https://net.example/pm'),
    ).toBe(true);
  });

  it('refuses a foreign, missing, opaque or malformed Origin', () => {
    for (const origin of [
      'http://evil.example',
      'http://console.example:8081',
      'https://console.example:8080',
      'http://console.example:8080.evil.example',
      'null',
      'not a url',
    ]) {
      expect(originAllowed(request({ origin }), BASE)).toBe(false);
    }
    expect(originAllowed(request(), BASE)).toBe(false);
  });
});

describe('isHttps', () => {
  it('is true over https, behind a proxy that says https, or when PUBLIC_BASE_URL is https', () => {
    expect(isHttps(request({}, 'h', 'https'), BASE)).toBe(true);
    expect(isHttps(request({ 'x-forwarded-proto': 'https' }), BASE)).toBe(true);
    expect(isHttps(request(), 'https://net.example')).toBe(true);
    expect(isHttps(request(), BASE)).toBe(false);
  });
});

describe('linkBase', () => {
  it('is PUBLIC_BASE_URL when it was set, else the request’s own origin', () => {
    const given = { PUBLIC_BASE_URL: 'https://net.example/pm', publicBaseUrlGiven: true };
    const fallback = { PUBLIC_BASE_URL: BASE, publicBaseUrlGiven: false };
    expect(linkBase(request(), given)).toBe('https://net.example/pm');
    expect(linkBase(request(), fallback)).toBe('http://console.example:8080');
  });
});
