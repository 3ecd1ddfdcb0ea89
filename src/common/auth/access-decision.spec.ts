import { decideAccess, extractApiKey } from './access-decision';
import { Principal } from './principal';

const viaKey = { via: 'api_key', userId: null, sessionId: null, label: 'key' } as const;
const admin: Principal = {
  ...viaKey,
  role: 'admin',
  keyId: null,
  publisherId: null,
  advertiserId: null,
};
const publisher: Principal = {
  ...viaKey,
  role: 'publisher',
  keyId: 3,
  publisherId: 7,
  advertiserId: null,
};

describe('decideAccess', () => {
  it('lets anyone through a public route', () => {
    expect(decideAccess(true, null, ['admin'])).toBe('allow');
  });

  it('refuses a protected route without a principal as unauthorized', () => {
    expect(decideAccess(false, null, undefined)).toBe('unauthorized');
    expect(decideAccess(false, null, ['publisher'])).toBe('unauthorized');
  });

  it('allows any authenticated role when no roles are named', () => {
    expect(decideAccess(false, publisher, undefined)).toBe('allow');
    expect(decideAccess(false, publisher, [])).toBe('allow');
  });

  it('forbids a role that is not listed and allows one that is', () => {
    expect(decideAccess(false, publisher, ['admin'])).toBe('forbidden');
    expect(decideAccess(false, publisher, ['admin', 'publisher'])).toBe('allow');
    expect(decideAccess(false, admin, ['admin'])).toBe('allow');
  });
});

describe('extractApiKey', () => {
  it('reads a Bearer token case-insensitively', () => {
    expect(extractApiKey({ authorization: 'Bearer pm_abc' })).toBe('pm_abc');
    expect(extractApiKey({ authorization: 'bearer   pm_abc ' })).toBe('pm_abc');
  });

  it('reads X-Api-Key when there is no bearer token', () => {
    expect(extractApiKey({ 'x-api-key': ' pm_xyz ' })).toBe('pm_xyz');
    expect(extractApiKey({ authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'pm_xyz' })).toBe(
      'pm_xyz',
    );
  });

  it('returns null when no usable key is present', () => {
    expect(extractApiKey({})).toBeNull();
    expect(extractApiKey({ authorization: 'Bearer' })).toBeNull();
    expect(extractApiKey({ 'x-api-key': '   ' })).toBeNull();
  });
});
