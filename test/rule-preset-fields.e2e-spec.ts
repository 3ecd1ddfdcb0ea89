import { createAdvertiser, createKey, createOffer, createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { TestApp } from './helpers/test-app';

const URL = 'https://trk.example/k3y/postback?subid={external_transaction_id}&status={status}';

const fields = (res: { body: { details: { field: string }[] } }) =>
  res.body.details.map((d) => d.field);

// SPEC §6: a rule keeps the preset it was built from and the text its receiver must answer.
describe('Rule presetId and expectBody (e2e)', () => {
  let t: TestApp;
  let offerId: number;
  let publisherId: number;
  let publisherKey: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const advertiser = await createAdvertiser(t);
    offerId = (await createOffer(t, advertiser.id)).id;
    publisherId = (await createPublisher(t)).id;
    publisherKey = await createKey(t, { role: 'publisher', publisherId });
  });
  afterAll(() => t.stop());

  const rule = (extra: Record<string, unknown>) => ({
    name: 'Rule',
    type: 'conversion',
    publisherId,
    offerIds: [offerId],
    url: URL,
    ...extra,
  });

  it('stores, shows, changes and clears presetId and expectBody', async () => {
    const created = await t.post(
      '/api/postbacks',
      rule({ presetId: 'keitaro', expectBody: 'OK' }),
      {
        key: publisherKey,
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ presetId: 'keitaro', expectBody: 'OK' });
    const read = await t.get(`/api/postbacks/${created.body.id}`);
    expect(read.body).toMatchObject({ presetId: 'keitaro', expectBody: 'OK' });

    const changed = await t.patch(`/api/postbacks/${created.body.id}`, { expectBody: 'success' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ presetId: 'keitaro', expectBody: 'success' });

    const cleared = await t.patch(`/api/postbacks/${created.body.id}`, {
      presetId: null,
      expectBody: null,
    });
    expect(cleared.body).toMatchObject({ presetId: null, expectBody: null });

    const plain = await createRule(t, rule({}));
    expect(plain).toMatchObject({ presetId: null, expectBody: null });
  });

  it('refuses an unknown preset and a bad expectBody, naming the field', async () => {
    const unknown = await t.post('/api/postbacks', rule({ presetId: 'no-such-tracker' }));
    expect(unknown.status).toBe(400);
    expect(fields(unknown)).toEqual(['presetId']);
    expect(unknown.body.message).toMatch(/presetId/);

    for (const expectBody of ['x'.repeat(201), '', 'O\u0000K', 42]) {
      const res = await t.post('/api/postbacks', rule({ expectBody }));
      expect(res.status).toBe(400);
      expect(new Set(fields(res))).toEqual(new Set(['expectBody']));
    }
    const longest = await t.post('/api/postbacks', rule({ expectBody: 'é'.repeat(200) }));
    expect(longest.status).toBe(201);
    expect(longest.body.expectBody).toBe('é'.repeat(200));

    const created = await createRule(t, rule({}));
    const patch = await t.patch(`/api/postbacks/${created.id}`, { presetId: 'nope' });
    expect(patch.status).toBe(400);
    expect(fields(patch)).toEqual(['presetId']);
  });

  it('lists the rules built from a preset', async () => {
    const advertiser = await createAdvertiser(t);
    const own = (await createOffer(t, advertiser.id)).id;
    const fromPreset = await createRule(t, rule({ offerIds: [own], presetId: 'keitaro' }));
    await createRule(t, rule({ offerIds: [own] }));
    const res = await t.get(`/api/postbacks?offerId=${own}&presetId=keitaro`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: any) => r.id)).toEqual([fromPreset.id]);

    const bad = await t.get('/api/postbacks?presetId=nope');
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['presetId']);
  });

  it('previews a rule with presetId and expectBody', async () => {
    const res = await t.post(
      '/api/postbacks/preview',
      rule({ presetId: 'keitaro', expectBody: 'OK' }),
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    const bad = await t.post('/api/postbacks/preview', rule({ presetId: 'nope' }));
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['presetId']);
  });
});
