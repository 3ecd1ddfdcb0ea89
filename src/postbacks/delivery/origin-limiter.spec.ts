import { OriginLimiter, originOf } from './origin-limiter';

describe('OriginLimiter', () => {
  it('admits up to the limit per origin and again after a release', () => {
    const limiter = new OriginLimiter(2);
    expect(limiter.tryAcquire('https://a.example')).toBe(true);
    expect(limiter.tryAcquire('https://a.example')).toBe(true);
    expect(limiter.tryAcquire('https://a.example')).toBe(false);
    expect(limiter.tryAcquire('https://b.example')).toBe(true);
    limiter.release('https://a.example');
    expect(limiter.tryAcquire('https://a.example')).toBe(true);
  });

  it('keys by scheme, host and port', () => {
    expect(originOf('https://trk.example:8443/p?x=1')).toBe('https://trk.example:8443');
    expect(originOf('https://trk.example/p')).toBe('https://trk.example');
    expect(originOf('http://trk.example/p')).not.toBe(originOf('https://trk.example/p'));
  });
});
