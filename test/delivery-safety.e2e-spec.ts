import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { RulesCache } from '../src/postbacks/rules/rules-cache';
import { createAdvertiser, createOffer, createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { createClick } from './helpers/tracking-fixtures';
import { TestApp } from './helpers/test-app';

async function freshOffer(t: TestApp) {
  return createOffer(t, (await createAdvertiser(t)).id);
}

async function entriesOf(
  t: TestApp,
  transactionId: string,
  count: number,
  done: (e: any) => boolean,
) {
  return eventually(
    async () => {
      const items = (await t.get(`/api/postback-logs?transactionId=${transactionId}`)).body.items;
      return items.length === count && items.every(done) ? items : undefined;
    },
    30_000,
    `logs of ${transactionId}`,
  );
}

describe('Destinations are confined to public addresses (e2e, no allow-list)', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await TestApp.start({ DELIVERY_RETRY_SCHEDULE: '0,100,200' });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  it('refuses at connect time a hostname that resolves to loopback, without retrying', async () => {
    const publisher = await createPublisher(t);
    const offer = await freshOffer(t);
    const port = new URL(receiver.origin).port;
    await createRule(t, {
      name: 'rebind',
      type: 'click',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: `http://localhost:${port}/ssrf?c={transaction_id}`,
    });
    const click = await createClick(t, { offerId: offer.id, publisherId: publisher.id });
    const [entry] = await entriesOf(t, click.transactionId, 1, (e) => e.state === 'failed');
    expect(entry.attempts).toHaveLength(1);
    expect(entry.attempts[0]).toMatchObject({ statusCode: null, error: 'destination_not_allowed' });
    expect(entry.attempts[0].errorMessage).toMatch(/127\.0\.0\.1|::1/);
    expect(receiver.to('/ssrf')).toHaveLength(0);
  });

  it('refuses the cloud metadata address at save and, if stored anyway, at connect', async () => {
    const publisher = await createPublisher(t);
    const offer = await freshOffer(t);
    const saved = await t.post('/api/postbacks', {
      name: 'meta',
      type: 'click',
      publisherId: publisher.id,
      url: 'http://169.254.169.254/latest/meta-data',
    });
    expect(saved.status).toBe(400);
    expect(JSON.stringify(saved.body)).toContain('destination_not_allowed');

    // A rule stored before the policy existed (or written around the API) is still never requested.
    const rule = await createRule(t, {
      name: 'meta2',
      type: 'click',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: 'https://public.example/x?c={transaction_id}',
    });
    await t.query(
      `UPDATE postbacks SET url = 'http://169.254.169.254/latest/meta-data?c={transaction_id}' WHERE id = $1`,
      [rule.id],
    );
    // Written around the API, which the rules cache would see only at its TTL: drop it now.
    t.app.get(RulesCache).invalidate();
    const click = await createClick(t, { offerId: offer.id, publisherId: publisher.id });
    const [entry] = await entriesOf(t, click.transactionId, 1, (e) => e.state === 'failed');
    expect(entry.attempts.map((a: any) => a.error)).toEqual(['destination_not_allowed']);
  });
});

describe('Signing, fairness and auto-pause (e2e)', () => {
  let t: TestApp;
  let fast: Receiver;
  let slow: Receiver;
  let publisher: any;

  beforeAll(async () => {
    t = await TestApp.start({
      POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
      DELIVERY_RETRY_SCHEDULE: '0,100,200',
      POSTBACK_MAX_CONNECTIONS_PER_ORIGIN: '2',
      WORKER_CONCURRENCY: '4',
    });
    fast = await Receiver.start();
    slow = await Receiver.start();
    publisher = await createPublisher(t);
  });
  afterAll(async () => {
    await t.stop();
    await fast.stop();
    await slow.stop();
  });

  it('signs a CRM postback so that it verifies with the standardwebhooks package', async () => {
    const offer = await freshOffer(t);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    await createRule(t, {
      name: 'signed crm',
      type: 'click',
      publisherId: null,
      offerIds: [offer.id],
      method: 'POST',
      url: fast.url('/signed'),
      contentType: 'application/json',
      body: '{"click":"{transaction_id}","offer":"{offer_id}"}',
      signingSecret: secret,
    });
    const click = await createClick(t, { offerId: offer.id, publisherId: publisher.id });
    const [request] = await fast.waitFor('/signed');
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    const payload = new Webhook(secret).verify(request.body, headers);
    expect(payload).toEqual({ click: click.transactionId, offer: String(offer.id) });
    expect(() =>
      new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(request.body, headers),
    ).toThrow();
    expect(headers['webhook-id']).toBe(request.headers['idempotency-key']);
  });

  it('keeps delivering to other origins while one origin hangs, with at most N requests in flight to it', async () => {
    const offer = await freshOffer(t);
    for (let i = 0; i < 6; i++) slow.script('/hang', { delayMs: 10_000 });
    await createRule(t, {
      name: 'hangs',
      type: 'click',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: slow.url('/hang?c={transaction_id}'),
      timeoutMs: 30_000,
    });
    await createRule(t, {
      name: 'quick',
      type: 'click',
      publisherId: null,
      offerIds: [offer.id],
      url: fast.url('/quick?c={transaction_id}'),
    });
    const clicks = [];
    for (let i = 0; i < 6; i++)
      clicks.push(await createClick(t, { offerId: offer.id, publisherId: publisher.id }));

    await fast.waitFor('/quick', 6, 20_000);
    // Every quick delivery landed while the hanging origin had not answered a single request,
    // and the hanging origin never had more than its 2 connections' worth of requests.
    expect(slow.to('/hang').length).toBeLessThanOrEqual(2);
    const quick = await eventually(async () => {
      const items = (await t.get(`/api/postback-logs?offerId=${offer.id}&state=delivered`)).body
        .items;
      return items.length === 6 ? items : undefined;
    });
    expect(quick.every((e: any) => e.attempts[0].url.startsWith(fast.origin))).toBe(true);
    expect(slow.to('/hang').length).toBeLessThanOrEqual(2);
  });

  it('pauses a rule after 20 consecutive failed deliveries, and re-enabling starts a fresh count', async () => {
    const offer = await freshOffer(t);
    for (let i = 0; i < 22; i++) fast.script('/always-404', { status: 404 });
    const rule = await createRule(t, {
      name: 'broken',
      type: 'click',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: fast.url('/always-404?c={transaction_id}'),
    });
    for (let i = 0; i < 20; i++)
      await createClick(t, { offerId: offer.id, publisherId: publisher.id });
    const paused = await eventually(async () => {
      const body = (await t.get(`/api/postbacks/${rule.id}`)).body;
      return body.enabled === false ? body : undefined;
    });
    expect(paused.pausedReason).toBe('last 20 deliveries failed');

    const resumed = await t.patch(`/api/postbacks/${rule.id}`, { enabled: true });
    expect(resumed.body).toMatchObject({ enabled: true, pausedReason: null, pausedAt: null });
    const click = await createClick(t, { offerId: offer.id, publisherId: publisher.id });
    await entriesOf(t, click.transactionId, 1, (e) => e.state === 'failed');
    expect((await t.get(`/api/postbacks/${rule.id}`)).body.enabled).toBe(true);
  });
});
