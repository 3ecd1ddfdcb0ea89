import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { NOTIFICATION_EVENTS } from '../src/notifications/notification-events';
import { NotificationOutbox } from '../src/notifications/notification-outbox';
import { createNetwork, Network } from './helpers/conversion-fixtures';
import { createKey, createOffer, createPublisher } from './helpers/fixtures';
import { createRule, createRuleOn } from './helpers/postback-fixtures';
import { eventually, ReceivedRequest, Receiver } from './helpers/receiver';
import { TestApp } from './helpers/test-app';
import { createClick } from './helpers/tracking-fixtures';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const ALL_EVENTS = [...NOTIFICATION_EVENTS];

// SPEC §13 notifications, end to end: endpoints and their scoping, events raised with the change
// that causes them, sent through the delivery engine (signing, retries, SSRF guard), and the
// delivery.failed rate limit.
describe('Notifications (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let network: Network;

  beforeAll(async () => {
    t = await TestApp.start({
      POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
      DELIVERY_RETRY_SCHEDULE: '0,100,200,300,400,500,600,700',
      // Large, so "two failures within the window" never depends on the machine's speed; the
      // test moves the window's start instead of waiting.
      NOTIFICATION_FAILED_WINDOW_MS: '3600000',
      SWEEPER_INTERVAL_MS: '1000',
    });
    receiver = await Receiver.start();
    network = await createNetwork(t);
  });
  afterAll(async () => {
    await t?.stop();
    await receiver?.stop();
  });

  async function endpoint(path: string, body: Record<string, unknown>, key?: string) {
    const res = await t.post(
      '/api/notification-endpoints',
      { url: receiver.url(path), ...body },
      { key },
    );
    expect(res.status).toBe(201);
    return res.body;
  }

  // A click rule of the network's publisher on an offer of its own, so no other test's clicks fire it.
  async function failingRule(path: string) {
    const offer = await createOffer(t, network.advertiser.id);
    for (let i = 0; i < 30; i++) receiver.script(path, { status: 404 });
    const rule = await createRuleOn(
      t,
      { publisher: network.publisher, offer },
      { name: `Rule ${path}`, type: 'click', url: receiver.url(`${path}?c={transaction_id}`) },
    );
    const click = () => createClick(t, { offerId: offer.id, publisherId: network.publisher.id });
    return { rule, click };
  }

  const bodies = (requests: ReceivedRequest[]) => requests.map((r) => JSON.parse(r.body));
  const sentTo = (endpointId: number, key?: string) =>
    t.get(`/api/notification-endpoints/${endpointId}/notifications?limit=500`, { key });

  describe('endpoints', () => {
    it('are validated, never show their secret, and their creation and deletion are audit-logged', async () => {
      const bad = await t.post('/api/notification-endpoints', {
        url: 'ftp://example.com/x',
        events: [],
        signingSecret: 'not-a-secret',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('validation_failed');
      const fields = bad.body.details.map((d: any) => d.field).sort();
      expect(fields).toEqual(['events', 'signingSecret', 'url']);
      const unknownEvent = await t.post('/api/notification-endpoints', {
        url: 'https://hooks.example.com/pm',
        events: ['postback.exploded'],
      });
      expect(unknownEvent.status).toBe(400);
      expect(unknownEvent.body.details[0].field).toMatch(/^events/);
      const noPublisher = await t.post('/api/notification-endpoints', {
        url: 'https://hooks.example.com/pm',
        events: ['postback.paused'],
        publisherId: 999999,
      });
      expect(noPublisher.status).toBe(400);
      expect(noPublisher.body.details[0].field).toBe('publisherId');

      const signingSecret = secret();
      const created = await endpoint('/hooks-admin', { events: ALL_EVENTS, signingSecret });
      expect(created).toMatchObject({
        publisherId: null,
        events: ALL_EVENTS,
        hasSigningSecret: true,
        createdBy: expect.any(String),
      });
      expect(JSON.stringify(created)).not.toContain(signingSecret.slice(6));
      const listed = (await t.get('/api/notification-endpoints')).body.items;
      expect(listed.map((e: any) => e.id)).toContain(created.id);
      expect(JSON.stringify(listed)).not.toContain(signingSecret.slice(6));

      expect((await t.delete(`/api/notification-endpoints/${created.id}`)).status).toBe(204);
      expect((await t.get(`/api/notification-endpoints/${created.id}`)).status).toBe(404);
      expect((await t.delete(`/api/notification-endpoints/${created.id}`)).status).toBe(404);
      const audit = (
        await t.get(`/api/audit-log?entityType=notification_endpoint&entityId=${created.id}`)
      ).body.items;
      expect(audit.map((e: any) => e.action)).toEqual(['deleted', 'created']);
      expect(audit[1].changes.signingSecret).toEqual({ before: null, after: '[redacted]' });
      expect(audit[1].changes.url.after).toBe(receiver.url('/hooks-admin'));
      expect(JSON.stringify(audit)).not.toContain(signingSecret.slice(6));
    });

    it('are confined to their publisher: own endpoints only, events about own rules only', async () => {
      const other = await createPublisher(t);
      const otherKey = await createKey(t, { role: 'publisher', publisherId: other.id });
      const advertiserKey = network.advertiserKey;

      const mine = await endpoint(
        '/hooks-publisher',
        { events: ['postback.paused'] },
        network.publisherKey,
      );
      expect(mine.publisherId).toBe(network.publisher.id);
      const theirs = await endpoint('/hooks-other', { events: ['postback.paused'] }, otherKey);
      const forOther = await t.post(
        '/api/notification-endpoints',
        { url: receiver.url('/x'), events: ['postback.paused'], publisherId: other.id },
        { key: network.publisherKey },
      );
      expect(forOther.status).toBe(403);
      const asAdvertiser = await t.get('/api/notification-endpoints', { key: advertiserKey });
      expect(asAdvertiser.status).toBe(403);

      const visible = (await t.get('/api/notification-endpoints', { key: network.publisherKey }))
        .body.items;
      expect(visible.map((e: any) => e.id)).toEqual([mine.id]);
      const key = network.publisherKey;
      expect((await t.get(`/api/notification-endpoints/${theirs.id}`, { key })).status).toBe(404);
      expect((await sentTo(theirs.id, key)).status).toBe(404);
      expect((await t.delete(`/api/notification-endpoints/${theirs.id}`, { key })).status).toBe(404);

      // The network's publisher pauses its rule: its own endpoint hears, the other's does not.
      const { rule } = await failingRule('/scoped-rule');
      await t.patch(`/api/postbacks/${rule.id}`, { enabled: false }, { key });
      const [heard] = bodies(await receiver.waitFor('/hooks-publisher', 1));
      expect(heard).toMatchObject({ type: 'postback.paused', rule: { id: rule.id } });
      expect((await sentTo(theirs.id, otherKey)).body.items).toEqual([]);
      expect(receiver.to('/hooks-other')).toHaveLength(0);
    });
  });

  it('a rule that pauses itself sends a signed postback.paused', async () => {
    const signingSecret = secret();
    const hook = await endpoint('/hooks-paused', { events: ['postback.paused'], signingSecret });
    const { rule, click } = await failingRule('/auto-pause');
    for (let i = 0; i < 20; i++) await click();

    const [request] = await receiver.waitFor('/hooks-paused', 1, 60_000);
    const verified = new Webhook(signingSecret).verify(request.body, {
      'webhook-id': request.headers['webhook-id'] as string,
      'webhook-timestamp': request.headers['webhook-timestamp'] as string,
      'webhook-signature': request.headers['webhook-signature'] as string,
    });
    expect(verified).toMatchObject({
      type: 'postback.paused',
      rule: {
        id: rule.id,
        name: rule.name,
        publisherId: network.publisher.id,
        offerIds: rule.offerIds,
        url: rule.url,
      },
      reason: 'last 20 deliveries failed',
      consoleUrl: `${t.config.PUBLIC_BASE_URL}/app/rules/${rule.id}`,
    });
    expect(request.headers['webhook-id']).toBe((verified as any).id);
    expect(request.headers['idempotency-key']).toBe((verified as any).id);
    expect(request.headers['content-type']).toBe('application/json');
    expect(() =>
      new Webhook(secret()).verify(request.body, request.headers as Record<string, string>),
    ).toThrow();
    expect((await t.get(`/api/postbacks/${rule.id}`)).body.enabled).toBe(false);

    // The receiver answers before the attempt is recorded: wait for the record.
    const sent = await eventually(async () => {
      const [item] = (await sentTo(hook.id)).body.items;
      return item?.state === 'delivered' ? item : undefined;
    });
    expect(sent).toMatchObject({
      id: (verified as any).id,
      type: 'postback.paused',
      ruleId: rule.id,
      state: 'delivered',
      attemptCount: 1,
      attempts: [{ n: 1, statusCode: 200, error: null, durationMs: expect.any(Number) }],
    });
  });

  it('a manager’s pause and resume notify, with who did it', async () => {
    await endpoint('/hooks-manual', { events: ['postback.paused', 'postback.resumed'] });
    const { rule } = await failingRule('/manual-pause');
    await t.patch(`/api/postbacks/${rule.id}`, { enabled: false });
    await t.patch(`/api/postbacks/${rule.id}`, { name: 'Renamed while paused' });
    await t.patch(`/api/postbacks/${rule.id}`, { enabled: true });
    const received = bodies(await receiver.waitFor('/hooks-manual', 2));
    const about = received.filter((b) => b.rule.id === rule.id);
    expect(about.map((b) => b.type).sort()).toEqual(['postback.paused', 'postback.resumed']);
    expect(about.find((b) => b.type === 'postback.paused').reason).toMatch(/^paused by /);
    expect(about.find((b) => b.type === 'postback.resumed').rule.name).toBe('Renamed while paused');
  });

  it('approval requested, approved and rejected reach the endpoints', async () => {
    await t.call('PUT', '/api/settings', { body: { publisherRulesRequireApproval: true } });
    const events = ['postback.approval_requested', 'postback.approved', 'postback.rejected'];
    await endpoint('/hooks-approval-admin', { events });
    await endpoint('/hooks-approval-pub', { events }, network.publisherKey);
    try {
      const rule = await createRule(
        t,
        {
          name: 'Waiting rule',
          type: 'conversion',
          offerIds: [network.offer.id],
          url: receiver.url('/approval-rule?c={conversion_id}'),
        },
        network.publisherKey,
      );
      expect(rule.approvalState).toBe('pending');
      const [requested] = bodies(await receiver.waitFor('/hooks-approval-admin', 1));
      expect(requested).toMatchObject({
        type: 'postback.approval_requested',
        rule: { id: rule.id, url: receiver.url('/approval-rule?c={conversion_id}') },
      });
      expect((await t.post(`/api/postbacks/${rule.id}/approve`, {})).status).toBe(200);
      await receiver.waitFor('/hooks-approval-admin', 2);

      const changed = await t.patch(
        `/api/postbacks/${rule.id}`,
        { url: receiver.url('/approval-rule-v2?c={conversion_id}') },
        { key: network.publisherKey },
      );
      expect(changed.body.approvalState).toBe('pending');
      await receiver.waitFor('/hooks-approval-admin', 3);
      const reject = await t.post(`/api/postbacks/${rule.id}/reject`, { reason: 'Unknown host' });
      expect(reject.status).toBe(200);

      const received = bodies(await receiver.waitFor('/hooks-approval-admin', 4));
      expect(received.map((b) => b.type)).toEqual([
        'postback.approval_requested',
        'postback.approved',
        'postback.approval_requested',
        'postback.rejected',
      ]);
      // The URL a notification names is the one that fires, never the change waiting.
      expect(received[2].rule.url).toBe(receiver.url('/approval-rule?c={conversion_id}'));
      expect(received[3].reason).toBe('Unknown host');
      expect(received[1].reason).toMatch(/^approved by /);
      // The publisher's own endpoint hears about its own rule too.
      const own = bodies(await receiver.waitFor('/hooks-approval-pub', 4));
      expect(own.map((b) => b.rule.id)).toEqual([rule.id, rule.id, rule.id, rule.id]);
    } finally {
      await t.call('PUT', '/api/settings', { body: { publisherRulesRequireApproval: false } });
    }
  });

  it('delivery.failed is limited per rule, the next one counting the failures held back', async () => {
    const hook = await endpoint('/hooks-failed', { events: ['delivery.failed'] });
    const { rule, click } = await failingRule('/dead-tracker');
    const failedDeliveries = async (count: number) =>
      eventually(async () => {
        const rows = await t.query(
          `SELECT id FROM deliveries WHERE postback_id = $1 AND state = 'failed' ORDER BY id`,
          [rule.id],
        );
        return rows.length === count ? rows : undefined;
      });

    await click();
    await failedDeliveries(1);
    await click();
    const failed = await failedDeliveries(2);
    // Raised in the transaction that recorded each failure: both are counted now.
    const first = (await sentTo(hook.id)).body.items;
    expect(first).toHaveLength(1);
    const [firstBody] = bodies(await receiver.waitFor('/hooks-failed', 1));
    expect(firstBody).toMatchObject({
      type: 'delivery.failed',
      rule: { id: rule.id },
      failures: 1,
      deliveryId: failed[0].id,
      lastError: expect.stringMatching(/^HTTP 404/),
    });
    const [window] = await t.query(
      `SELECT unreported FROM notification_failure_windows WHERE postback_id = $1`,
      [rule.id],
    );
    expect(window.unreported).toBe(1);

    // The window has passed: the next failure reports itself and the one held back.
    await t.query(
      `UPDATE notification_failure_windows SET last_raised_at = last_raised_at - interval '2 hours'
        WHERE postback_id = $1`,
      [rule.id],
    );
    await click();
    const third = (await failedDeliveries(3))[2];
    const [, secondBody] = bodies(await receiver.waitFor('/hooks-failed', 2));
    expect(secondBody).toMatchObject({
      type: 'delivery.failed',
      failures: 2,
      deliveryId: third.id,
    });
    expect(new Date(secondBody.since).getTime()).toBeLessThan(
      new Date(secondBody.occurredAt).getTime(),
    );
    expect((await sentTo(hook.id)).body.items).toHaveLength(2);
  });

  it('a failing notification endpoint is retried, and never notifies about itself', async () => {
    for (let i = 0; i < 8; i++) receiver.script('/hooks-broken', { status: 503 });
    const hook = await endpoint('/hooks-broken', { events: ALL_EVENTS });
    const { rule, click } = await failingRule('/broken-hook-rule');
    await click();
    const sent = await eventually(
      async () => {
        const items = (await sentTo(hook.id)).body.items;
        return items.length === 1 && items[0].state === 'failed' ? items[0] : undefined;
      },
      30_000,
      'the notification to fail',
    );
    expect(sent.type).toBe('delivery.failed');
    expect(sent.attemptCount).toBe(8);
    expect(sent.attempts.map((a: any) => a.statusCode)).toEqual(Array(8).fill(503));
    expect(receiver.to('/hooks-broken')).toHaveLength(8);
    // Its failure is no rule's delivery: no delivery.failed (or anything else) about it.
    const raised = await t.query(`SELECT type, postback_id FROM notifications WHERE endpoint_id = $1`, [
      hook.id,
    ]);
    expect(raised).toEqual([{ type: 'delivery.failed', postback_id: rule.id }]);
    const deliveries = await t.query(
      `SELECT count(*)::int AS n FROM deliveries WHERE postback_id = $1`,
      [rule.id],
    );
    expect(deliveries[0].n).toBe(1);
  });

  it('commits with the change that raises it: neither goes without the other', async () => {
    const hook = await endpoint('/hooks-atomic', { events: ['postback.paused'] });
    const { rule } = await failingRule('/atomic-rule');
    const enabled = async () => (await t.get(`/api/postbacks/${rule.id}`)).body.enabled;

    // The pause's audit entry can't be written: the pause rolls back, and its notification too.
    await t.query(`ALTER TABLE audit_log ADD CONSTRAINT fault CHECK (action <> 'paused') NOT VALID`);
    try {
      expect((await t.patch(`/api/postbacks/${rule.id}`, { enabled: false })).status).toBe(500);
    } finally {
      await t.query('ALTER TABLE audit_log DROP CONSTRAINT fault');
    }
    expect(await enabled()).toBe(true);
    expect(await t.query(`SELECT id FROM notifications WHERE endpoint_id = $1`, [hook.id])).toEqual(
      [],
    );

    // The notification can't be written: the pause does not happen either.
    await t.query(
      `ALTER TABLE notifications ADD CONSTRAINT fault CHECK (postback_id <> ${rule.id}) NOT VALID`,
    );
    try {
      expect((await t.patch(`/api/postbacks/${rule.id}`, { enabled: false })).status).toBe(500);
    } finally {
      await t.query('ALTER TABLE notifications DROP CONSTRAINT fault');
    }
    expect(await enabled()).toBe(true);
    expect(receiver.to('/hooks-atomic')).toHaveLength(0);

    // Both can be written: both happen.
    expect((await t.patch(`/api/postbacks/${rule.id}`, { enabled: false })).status).toBe(200);
    const [sent] = bodies(await receiver.waitFor('/hooks-atomic', 1));
    expect(sent).toMatchObject({ type: 'postback.paused', rule: { id: rule.id } });
  });

  it('a notification committed without its queue job is handed over by the sweeper', async () => {
    const hook = await endpoint('/hooks-swept', { events: ['postback.resumed'] });
    const { rule } = await failingRule('/swept-rule');
    // As if the process died between commit and add: the row is there, no job is.
    const dataSource = t.app.get(DataSource);
    await dataSource.transaction((manager) =>
      t.app.get(NotificationOutbox).raise(manager, {
        type: 'postback.resumed',
        rule,
        reason: 'raised without a job',
      }),
    );
    const [request] = await receiver.waitFor('/hooks-swept', 1, 30_000);
    expect(JSON.parse(request.body)).toMatchObject({ reason: 'raised without a job' });
    await eventually(async () => (await sentTo(hook.id)).body.items[0]?.state === 'delivered');
  });
});

describe('Notifications and the SSRF guard (e2e, no allow-list)', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await TestApp.start();
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t?.stop();
    await receiver?.stop();
  });

  it('refuses a private address, and a host name resolving to one at connect time', async () => {
    const literal = await t.post('/api/notification-endpoints', {
      url: receiver.url('/private'),
      events: ['postback.paused'],
    });
    expect(literal.status).toBe(400);
    expect(literal.body.details[0]).toMatchObject({
      field: 'url',
      code: 'destination_not_allowed',
    });

    const port = new URL(receiver.origin).port;
    const named = await t.post('/api/notification-endpoints', {
      url: `http://localhost:${port}/rebind`,
      events: ['postback.paused'],
    });
    expect(named.status).toBe(201);
    const publisher = await createPublisher(t);
    const rule = await createRule(t, {
      name: 'Public rule',
      type: 'click',
      publisherId: publisher.id,
      url: 'https://tracker.example.com/pb?c={transaction_id}',
    });
    await t.patch(`/api/postbacks/${rule.id}`, { enabled: false });
    const sent = await eventually(async () => {
      const items = (await t.get(`/api/notification-endpoints/${named.body.id}/notifications`))
        .body.items;
      return items[0]?.state === 'failed' ? items[0] : undefined;
    });
    expect(sent.attempts).toHaveLength(1);
    expect(sent.attempts[0]).toMatchObject({ statusCode: null, error: 'destination_not_allowed' });
    expect(receiver.requests).toHaveLength(0);
  });
});
