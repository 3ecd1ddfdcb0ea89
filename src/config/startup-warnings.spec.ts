import { loadConfig } from './app-config';
import { startupWarnings } from './startup-warnings';

describe('startupWarnings', () => {
  const base = { DATABASE_URL: 'postgres://localhost/x', ADMIN_API_KEY: 'k'.repeat(16) };
  const warn = (env: Record<string, string>) => startupWarnings(loadConfig(env), env);

  it('says links will point at localhost when PUBLIC_BASE_URL is unset', () => {
    expect(warn({ ...base, PORT: '8080' })).toEqual([
      "PUBLIC_BASE_URL is not set: tracking links and advertisers' postback URLs will point at http://localhost:8080",
    ]);
    expect(warn({ ...base, PUBLIC_BASE_URL: '' })).toHaveLength(1);
  });

  it('is quiet when PUBLIC_BASE_URL is set, and for a worker, which builds no links', () => {
    expect(warn({ ...base, PUBLIC_BASE_URL: 'https://track.example.com' })).toEqual([]);
    expect(warn({ ...base, ROLE: 'worker' })).toEqual([]);
  });

  it('still warns about a missing ADMIN_API_KEY', () => {
    const env = { DATABASE_URL: base.DATABASE_URL, PUBLIC_BASE_URL: 'https://t.example' };
    expect(warn(env)).toEqual(['ADMIN_API_KEY is not set: only keys stored in the database work']);
  });
});
