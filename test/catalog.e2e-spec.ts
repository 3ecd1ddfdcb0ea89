import { createAdvertiser, createOffer, createPublisher } from './helpers/fixtures';
import { TestApp } from './helpers/test-app';

describe('Catalog (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.stop());

  it('creates, reads, updates and lists advertisers, and rotates the postback key', async () => {
    const created = await t.post('/api/advertisers', { name: 'Acme' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Acme', status: 'active' });
    expect(created.body.postbackKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Date(created.body.createdAt).toISOString()).toBe(created.body.createdAt);

    const read = await t.get(`/api/advertisers/${created.body.id}`);
    expect(read.body).toMatchObject({ id: created.body.id, name: 'Acme' });

    const patched = await t.patch(`/api/advertisers/${created.body.id}`, { status: 'paused' });
    expect(patched.status).toBe(200);
    expect(patched.body.status).toBe('paused');

    const rotated = await t.post(`/api/advertisers/${created.body.id}/rotate-postback-key`);
    expect(rotated.status).toBe(201);
    expect(rotated.body.postbackKey).not.toBe(created.body.postbackKey);

    const list = await t.get('/api/advertisers?status=paused');
    expect(list.body.items.map((a: any) => a.id)).toContain(created.body.id);
  });

  it('creates, reads, updates and lists publishers', async () => {
    const created = await createPublisher(t, { name: 'Pub One' });
    expect(created.status).toBe('active');
    const patched = await t.patch(`/api/publishers/${created.id}`, {
      status: 'blocked',
      name: 'Pub 1',
    });
    expect(patched.body).toMatchObject({ status: 'blocked', name: 'Pub 1' });
    expect((await t.get(`/api/publishers/${created.id}`)).body.status).toBe('blocked');
    const blocked = await t.get('/api/publishers?status=blocked');
    expect(blocked.body.items.map((p: any) => p.id)).toEqual([created.id]);
  });

  it('creates offers with money as decimal strings and updates them', async () => {
    const advertiser = await createAdvertiser(t);
    const offer = await createOffer(t, advertiser.id, {
      payout: 12.5,
      revenue: '20.1234',
      currency: 'eur',
    });
    expect(offer).toMatchObject({
      payout: '12.50',
      revenue: '20.1234',
      currency: 'EUR',
      status: 'active',
    });
    const [row] = await t.query('SELECT payout::text AS payout FROM offers WHERE id = $1', [
      offer.id,
    ]);
    expect(row.payout).toBe('12.50'); // as written: numeric, checked to 8 decimals

    const patched = await t.patch(`/api/offers/${offer.id}`, { payout: '7', status: 'paused' });
    expect(patched.body).toMatchObject({ payout: '7.00', status: 'paused', revenue: '20.1234' });
    expect((await t.get(`/api/offers/${offer.id}`)).body.payout).toBe('7.00');

    // Up to 8 decimals are kept exactly; a 9th is refused, since the caller reads the error.
    const fine = await t.patch(`/api/offers/${offer.id}`, { payout: '0.12345678' });
    expect(fine.body.payout).toBe('0.12345678');
    const tooFine = await t.patch(`/api/offers/${offer.id}`, { revenue: '0.123456789' });
    expect(tooFine.status).toBe(400);
    expect(tooFine.body.details).toEqual([expect.objectContaining({ field: 'revenue' })]);
  });

  it('names the failing fields in validation errors', async () => {
    const advertiser = await createAdvertiser(t);
    const base = {
      name: 'O',
      advertiserId: advertiser.id,
      url: 'https://a.example/',
      payout: '1',
      revenue: '2',
      currency: 'USD',
    };

    const noUrl = await t.post('/api/offers', { ...base, url: undefined });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.error).toBe('validation_failed');
    expect(noUrl.body.details.map((d: any) => d.field)).toContain('url');

    const negative = await t.post('/api/offers', { ...base, payout: '-1' });
    expect(negative.status).toBe(400);
    expect(negative.body.details.map((d: any) => d.field)).toEqual(['payout']);

    const floaty = await t.post('/api/offers', { ...base, revenue: '1.123456789' });
    expect(floaty.body.details.map((d: any) => d.field)).toEqual(['revenue']);

    // A JSON number a double can't hold exactly is refused, asking for a string.
    const lossy = await t.post(
      '/api/offers',
      JSON.stringify(base).replace('"payout":"1"', '"payout":12345678901.12345678'),
    );
    expect(lossy.status).toBe(400);
    expect(lossy.body.details).toEqual([
      expect.objectContaining({
        field: 'payout',
        message: expect.stringContaining('decimal string'),
      }),
    ]);

    const currency = await t.post('/api/offers', { ...base, currency: 'XYZ' });
    expect(currency.status).toBe(400);
    expect(currency.body.details.map((d: any) => d.field)).toEqual(['currency']);

    const unknownField = await t.post('/api/offers', { ...base, margin: '5' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.details).toEqual([
      expect.objectContaining({ field: 'margin', code: 'unknown_field' }),
    ]);

    const noAdvertiser = await t.post('/api/offers', { ...base, advertiserId: 987654 });
    expect(noAdvertiser.status).toBe(400);
    expect(noAdvertiser.body.details[0].field).toBe('advertiserId');

    const badStatus = await t.patch(`/api/publishers/1`, { status: 'deleted' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.details[0].field).toBe('status');
  });

  it('rejects offer URLs that are not absolute http(s) or use unknown macros', async () => {
    const advertiser = await createAdvertiser(t);
    const base = {
      name: 'O',
      advertiserId: advertiser.id,
      payout: '1',
      revenue: '2',
      currency: 'USD',
    };
    const relative = await t.post('/api/offers', { ...base, url: '/lp?x={transaction_id}' });
    expect(relative.status).toBe(400);
    expect(relative.body.details[0].field).toBe('url');
    const unknown = await t.post('/api/offers', { ...base, url: 'https://a.example/?c={clikid}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('{clikid}');
  });

  it('answers bad JSON, bad ids and unknown ids with clear 4xx errors', async () => {
    const badJson = await t.call('POST', '/api/publishers', {
      body: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error).toBe('invalid_json');

    expect((await t.get('/api/offers/abc')).body).toMatchObject({
      statusCode: 400,
      error: 'invalid_id',
    });
    expect((await t.get('/api/offers/99999999999')).status).toBe(400);
    const missing = await t.get('/api/offers/424242');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      statusCode: 404,
      error: 'not_found',
      message: 'Offer 424242 not found',
      details: [],
    });
    expect((await t.patch('/api/advertisers/424242', { name: 'x' })).status).toBe(404);
    expect((await t.get('/api/publishers/424242')).status).toBe(404);
  });

  it('paginates with a cursor, newest first, without gaps or repeats', async () => {
    const created: number[] = [];
    for (let i = 0; i < 7; i++) created.push((await createPublisher(t, { name: `Page ${i}` })).id);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await t.get(`/api/publishers?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((p: any) => p.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    const sorted = [...seen].sort((a, b) => b - a);
    expect(seen).toEqual(sorted);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of created) expect(seen).toContain(id);

    expect((await t.get('/api/publishers?limit=501')).body.details[0].field).toBe('limit');
    expect((await t.get('/api/publishers?cursor=%%%')).status).toBe(400);
  });
});
