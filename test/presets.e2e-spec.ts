import { clickOn, createConversion, createNetwork } from './helpers/conversion-fixtures';
import { createKey } from './helpers/fixtures';
import { Receiver } from './helpers/receiver';
import { TestApp } from './helpers/test-app';

describe('Receiver presets (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await TestApp.start({ POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  it('lists the catalogue to admins and publishers, not to advertisers', async () => {
    const net = await createNetwork(t);
    const list = await t.get('/api/postback-presets', { key: net.publisherKey });
    expect(list.status).toBe(200);
    const keitaro = list.body.find((p: any) => p.id === 'keitaro');
    expect(keitaro).toMatchObject({
      name: 'Keitaro',
      kind: 'tracker',
      clickIdMacro: '{subid}',
      rule: { statusMap: { approved: 'sale', pending: 'lead', rejected: 'rejected' } },
    });
    expect(list.body.map((p: any) => p.id)).toEqual(
      expect.arrayContaining(['binom', 'exoclick', 'json-webhook', 'crm-form']),
    );
    expect((await t.get('/api/postback-presets')).status).toBe(200);
    const advertiser = await t.get('/api/postback-presets', { key: net.advertiserKey });
    expect(advertiser.status).toBe(403);
    expect((await t.get('/api/postback-presets', { key: null })).status).toBe(401);
  });

  it('renders Keitaro for a publisher, saves it, and a conversion reaches the tracker as subid/status=sale', async () => {
    const net = await createNetwork(t);
    const render = await t.post(
      '/api/postback-presets/keitaro/render',
      { fields: { domain: receiver.origin, postbackKey: 'k3y' } },
      { key: net.publisherKey },
    );
    expect(render.status).toBe(200);
    expect(render.body.rule).toMatchObject({
      type: 'conversion',
      presetId: 'keitaro',
      url: `${receiver.origin}/k3y/postback?subid={external_transaction_id}&status={status}&payout={payout}&tid={conversion_id}&currency={currency}`,
    });
    expect(render.body.rule.publisherId).toBeUndefined();
    // Loopback is http: the linter says so, and nothing else.
    expect(render.body.warnings.map((w: any) => w.code)).toEqual(['http_not_https']);

    // The rendered body is saved as it is; the rule remembers its preset.
    const saved = await t.post('/api/postbacks', render.body.rule, { key: net.publisherKey });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ publisherId: net.publisher.id, presetId: 'keitaro' });
    const listed = await t.get('/api/postbacks?presetId=keitaro', { key: net.publisherKey });
    expect(listed.body.items.map((r: any) => r.id)).toEqual([saved.body.id]);

    const transactionId = await clickOn(t, net);
    const [click] = await t.query(
      'SELECT external_transaction_id FROM clicks WHERE transaction_id = $1',
      [transactionId],
    );
    const conversion = await createConversion(t, { transactionId, payout: '7.25' });
    const [request] = await receiver.waitFor('/k3y/postback');
    expect(request.method).toBe('GET');
    expect(request.target).toBe(
      `/k3y/postback?subid=${click.external_transaction_id}&status=sale&payout=7.25&tid=${conversion.id}&currency=USD`,
    );
  });

  it('answers 404 preset_not_found for an unknown preset', async () => {
    const res = await t.post('/api/postback-presets/nope/render', { fields: {} });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'preset_not_found' });
  });

  it('answers 400 validation_failed naming each bad field', async () => {
    const publisherKey = await createKey(t, {
      role: 'publisher',
      publisherId: (await createNetwork(t)).publisher.id,
    });
    const res = await t.post(
      '/api/postback-presets/keitaro/render',
      { fields: { domain: 'https://trk.example.com/x?y={payout}', token: 'x' } },
      { key: publisherKey },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.map((d: any) => `${d.field}:${d.code}`).sort()).toEqual([
      'fields.domain:invalid_value',
      'fields.postbackKey:required',
      'fields.token:unknown_field',
    ]);
    const notObject = await t.post('/api/postback-presets/keitaro/render', { fields: 'x' });
    expect(notObject.status).toBe(400);
  });

  it('refuses a rendered rule whose destination is not a public address', async () => {
    const strict = await TestApp.start();
    try {
      const res = await strict.post('/api/postback-presets/binom/render', {
        fields: { domain: 'http://10.0.0.1' },
      });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'url', code: 'destination_not_allowed' }),
      ]);
    } finally {
      await strict.stop();
    }
  });
});
