import {
  AppProcess,
  cleanupAfterEach,
  processTest,
  ServiceBacking,
} from './helpers/app-process';
import { created } from './helpers/process-fixtures';
import { eventually } from './helpers/receiver';
import { TcpProxy } from './helpers/tcp-proxy';

// Real API replicas (child processes, ROLE=api) on one database and one Redis prefix.

const onCleanup = cleanupAfterEach();

// A budget of 3 a minute refills one request every 20 s: far longer than a test's requests
// take, so no refill can blur the counts on a slow machine.
const PER_MINUTE = '3';
const FALLBACK_WARNING = 'the API rate limit is counted per process until it answers';

// The admin key's budget is counted too: `count` keys cost it count + 1 requests.
async function publisherKeys(app: AppProcess, count: number): Promise<string[]> {
  const publisher = await created(app, '/api/publishers', { name: 'Pub' });
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = { name: `key ${i}`, role: 'publisher', publisherId: publisher.id };
    keys.push((await created(app, '/api/api-keys', body)).key);
  }
  return keys;
}

describe('Management API rate limit across replicas (e2e)', () => {
  processTest('counts one budget for a key whose requests go to two replicas', 150_000, async () => {
    const b = onCleanup(await ServiceBacking.create(), (backing) => backing.dispose());
    const env = b.env({ ROLE: 'api', API_RATE_LIMIT_PER_MINUTE: PER_MINUTE });
    const [one, two] = await Promise.all([
      AppProcess.start(env, { name: 'api-1' }),
      AppProcess.start(env, { name: 'api-2' }),
    ]);
    const [key, other] = await publisherKeys(one, 2);
    // Each replica alone would allow 3: together they allow 3 in all.
    expect((await one.get('/api/publishers', { key })).status).toBe(200);
    expect((await two.get('/api/publishers', { key })).status).toBe(200);
    expect((await one.get('/api/publishers', { key })).status).toBe(200);
    for (const replica of [two, one]) {
      const limited = await replica.get('/api/publishers', { key });
      expect(limited.status).toBe(429);
      expect(limited.body.error).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // Another key has a budget of its own, on either replica.
    expect((await two.get('/api/publishers', { key: other })).status).toBe(200);
  });

  processTest(
    'counts in the process while Redis is away, answering every request, and says so once',
    120_000,
    async () => {
      const b = onCleanup(await ServiceBacking.create(), (backing) => backing.dispose());
      const redis = onCleanup(await TcpProxy.forUrl(b.redisUrl, 6379), (proxy) => proxy.stop());
      const app = await AppProcess.start(
        b.env({
          ROLE: 'api',
          API_RATE_LIMIT_PER_MINUTE: PER_MINUTE,
          REDIS_URL: redis.rewrite(b.redisUrl),
        }),
      );
      const [key] = await publisherKeys(app, 1);
      expect((await app.get('/api/publishers', { key })).status).toBe(200);
      redis.pause();
      // The request counted in Redis is unknown here: this process's own bucket starts full.
      for (let i = 0; i < 3; i++)
        expect((await app.get('/api/publishers', { key })).status).toBe(200);
      const limited = await app.get('/api/publishers', { key });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      await eventually(async () => app.output.includes(FALLBACK_WARNING), 10_000, 'the warning');
      expect(app.output.split(FALLBACK_WARNING).length - 1).toBe(1);
    },
  );
});
