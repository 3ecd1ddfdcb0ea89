import { createAdvertiser, createKey, createOffer, createPublisher } from './helpers/fixtures';
import { TestApp } from './helpers/test-app';

describe('API keys and scoping (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.stop());

  it('answers 401 in the SPEC error shape without a key and with a wrong key', async () => {
    const missing = await t.get('/api/offers', { key: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      statusCode: 401,
      error: 'unauthorized',
      message: 'An API key is required',
      details: [],
    });
    const wrong = await t.get('/api/offers', { key: 'pm_not-a-real-key-at-all' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('API key is not valid');
  });

  it('accepts the key in X-Api-Key as well as Authorization', async () => {
    const res = await t.get('/api/publishers', { key: null, headers: { 'x-api-key': t.adminKey } });
    expect(res.status).toBe(200);
  });

  it('creates a key shown once, stores only its hash, lists and revokes it', async () => {
    const publisher = await createPublisher(t);
    const created = await t.post('/api/api-keys', {
      name: 'pub key',
      role: 'publisher',
      publisherId: publisher.id,
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^pm_[A-Za-z0-9_-]{32}$/);

    const [row] = await t.query('SELECT key_hash FROM api_keys WHERE id = $1', [created.body.id]);
    expect(row.key_hash).toHaveLength(64);
    expect(row.key_hash).not.toContain(created.body.key);

    const list = await t.get('/api/api-keys');
    const listed = list.body.items.find((k: any) => k.id === created.body.id);
    expect(listed).toMatchObject({ name: 'pub key', role: 'publisher', publisherId: publisher.id });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(listed.keyHash).toBeUndefined();

    expect((await t.get(`/api/publishers/${publisher.id}`, { key: created.body.key })).status).toBe(
      200,
    );
    expect((await t.delete(`/api/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await t.get(`/api/publishers/${publisher.id}`, { key: created.body.key })).status).toBe(
      401,
    );
    expect((await t.delete(`/api/api-keys/${created.body.id}`)).status).toBe(404);
  });

  it('refuses key bindings that do not fit the role or do not exist', async () => {
    const noPublisher = await t.post('/api/api-keys', { name: 'k', role: 'publisher' });
    expect(noPublisher.status).toBe(400);
    expect(noPublisher.body.details.map((d: any) => d.field)).toContain('publisherId');

    const unknown = await t.post('/api/api-keys', {
      name: 'k',
      role: 'advertiser',
      advertiserId: 999999,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0].field).toBe('advertiserId');

    const admin = await t.post('/api/api-keys', { name: 'k', role: 'admin', publisherId: 1 });
    expect(admin.status).toBe(400);
  });

  it('confines a publisher to itself and to active offers without revenue', async () => {
    const own = await createPublisher(t, { name: 'Own' });
    const other = await createPublisher(t, { name: 'Other' });
    const key = await createKey(t, { role: 'publisher', publisherId: own.id });

    expect((await t.get(`/api/publishers/${own.id}`, { key })).body.name).toBe('Own');
    expect([403, 404]).toContain((await t.get(`/api/publishers/${other.id}`, { key })).status);
    const list = await t.get('/api/publishers', { key });
    expect(list.body.items.map((p: any) => p.id)).toEqual([own.id]);

    const advertiser = await createAdvertiser(t);
    const active = await createOffer(t, advertiser.id, { name: 'Active' });
    const paused = await createOffer(t, advertiser.id, { name: 'Paused', status: 'paused' });
    const offers = await t.get('/api/offers?limit=500', { key });
    const ids = offers.body.items.map((o: any) => o.id);
    expect(ids).toContain(active.id);
    expect(ids).not.toContain(paused.id);
    for (const offer of offers.body.items) expect(offer.revenue).toBeUndefined();
    expect((await t.get(`/api/offers/${paused.id}`, { key })).status).toBe(404);
    expect((await t.get(`/api/offers/${active.id}`, { key })).body.payout).toBe('10.00');

    // Publishers write nothing in the catalog and see no advertisers or keys.
    expect((await t.post('/api/publishers', { name: 'x' }, { key })).status).toBe(403);
    expect((await t.patch(`/api/publishers/${own.id}`, { status: 'active' }, { key })).status).toBe(
      403,
    );
    expect((await t.get('/api/advertisers', { key })).status).toBe(403);
    expect((await t.get('/api/api-keys', { key })).status).toBe(403);
  });

  it('confines an advertiser to its own offers and record', async () => {
    const mine = await createAdvertiser(t, { name: 'Mine' });
    const theirs = await createAdvertiser(t, { name: 'Theirs' });
    const myOffer = await createOffer(t, mine.id);
    const theirOffer = await createOffer(t, theirs.id);
    const key = await createKey(t, { role: 'advertiser', advertiserId: mine.id });

    const offers = await t.get('/api/offers', { key });
    expect(offers.body.items.map((o: any) => o.id)).toEqual([myOffer.id]);
    expect(offers.body.items[0].payout).toBeUndefined();
    expect(offers.body.items[0].revenue).toBe('15.00');
    expect((await t.get(`/api/offers/${theirOffer.id}`, { key })).status).toBe(404);
    expect((await t.get(`/api/advertisers/${mine.id}`, { key })).body.postbackKey).toBe(
      mine.postbackKey,
    );
    expect([403, 404]).toContain((await t.get(`/api/advertisers/${theirs.id}`, { key })).status);
    expect((await t.get('/api/publishers', { key })).status).toBe(403);
    expect((await t.post('/api/offers', { name: 'x' }, { key })).status).toBe(403);
  });
});

describe('Management API rate limit (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start({ API_RATE_LIMIT_PER_MINUTE: '5' })));
  afterAll(() => t.stop());

  it('answers 429 with Retry-After once a key spends its budget, without limiting other keys', async () => {
    const publisher = await createPublisher(t);
    const key = await createKey(t, { role: 'publisher', publisherId: publisher.id });
    for (let i = 0; i < 5; i++) expect((await t.get('/api/publishers', { key })).status).toBe(200);
    const limited = await t.get('/api/publishers', { key });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Public endpoints are not counted against anyone.
    expect((await t.get('/health', { key: null })).status).toBe(200);
  });
});
