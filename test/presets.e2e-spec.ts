import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
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
    // A bare rule body with its owner: a publisher key's rule is its own.
    expect(render.body).toMatchObject({
      type: 'conversion',
      presetId: 'keitaro',
      publisherId: net.publisher.id,
      offerIds: [],
      url: `${receiver.origin}/k3y/postback?subid={external_transaction_id}&status={status}&payout={payout}&tid={conversion_id}&currency={currency}`,
    });
    expect(render.body.warnings).toBeUndefined();

    // The rendered body is saved as it is; the rule remembers its preset, and the linter's
    // warnings come with the save (loopback is http: that, and nothing else).
    const saved = await t.post('/api/postbacks', render.body, { key: net.publisherKey });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ publisherId: net.publisher.id, presetId: 'keitaro' });
    expect(saved.body.warnings.map((w: any) => w.code)).toEqual(['http_not_https']);
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

  it('renders for an admin with the scope it names, and the body saves unchanged', async () => {
    const net = await createNetwork(t);
    const fields = { domain: receiver.origin };
    // Like POST /api/postbacks, an admin must say whose rule it is.
    const unscoped = await t.post('/api/postback-presets/binom/render', { fields });
    expect(unscoped.status).toBe(400);
    expect(unscoped.body.details).toEqual([
      expect.objectContaining({ field: 'publisherId', code: 'required' }),
    ]);

    const render = await t.post('/api/postback-presets/binom/render', {
      fields,
      publisherId: net.publisher.id,
      offerIds: [net.offer.id],
    });
    expect(render.status).toBe(200);
    expect(render.body).toMatchObject({
      presetId: 'binom',
      publisherId: net.publisher.id,
      offerIds: [net.offer.id],
    });
    const saved = await t.post('/api/postbacks', render.body);
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({
      publisherId: net.publisher.id,
      offerIds: [net.offer.id],
      presetId: 'binom',
    });

    // A network-level rule (null) too, on this network's offer only so that it fires for no
    // other test; an unknown offer is refused as on save.
    const network = await t.post('/api/postback-presets/binom/render', {
      fields,
      publisherId: null,
      offerIds: [net.offer.id],
    });
    expect(network.body.publisherId).toBeNull();
    expect((await t.post('/api/postbacks', network.body)).status).toBe(201);
    const badOffer = await t.post('/api/postback-presets/binom/render', {
      fields,
      publisherId: null,
      offerIds: [2_000_000_000],
    });
    expect(badOffer.status).toBe(400);
    expect(badOffer.body.details).toEqual([
      expect.objectContaining({ field: 'offerIds', code: 'unknown_offer' }),
    ]);
  });

  it('renders for a publisher key only its own rules', async () => {
    const net = await createNetwork(t);
    const other = await createNetwork(t);
    const fields = { domain: receiver.origin };
    const own = await t.post(
      '/api/postback-presets/binom/render',
      { fields, publisherId: net.publisher.id },
      { key: net.publisherKey },
    );
    expect(own.status).toBe(200);
    for (const publisherId of [other.publisher.id, null]) {
      const res = await t.post(
        '/api/postback-presets/binom/render',
        { fields, publisherId },
        { key: net.publisherKey },
      );
      expect(res.status).toBe(403);
    }
  });

  it('renders the signed JSON webhook with its secret, and deliveries of the saved rule verify', async () => {
    const net = await createNetwork(t);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const render = await t.post(
      '/api/postback-presets/json-webhook/render',
      { fields: { url: receiver.url('/signed-preset'), signingSecret: secret } },
      { key: net.publisherKey },
    );
    expect(render.status).toBe(200);
    expect(render.body.signingSecret).toBe(secret);
    const saved = await t.post('/api/postbacks', render.body, { key: net.publisherKey });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ hasSigningSecret: true, presetId: 'json-webhook' });

    const transactionId = await clickOn(t, net);
    const conversion = await createConversion(t, { transactionId, payout: '3.00' });
    const [request] = await receiver.waitFor('/signed-preset');
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    expect(new Webhook(secret).verify(request.body, headers)).toMatchObject({
      conversion_id: conversion.id,
      status: 'approved',
    });
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
        publisherId: null,
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
