import { AddressInfo, createServer, Server } from 'node:net';
import { RetentionService } from '../src/maintenance/retention.service';
import { createAdvertiser, createKey, createOffer, createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { createClick } from './helpers/tracking-fixtures';
import { TestApp } from './helpers/test-app';

// Retries in milliseconds instead of minutes; loopback opened for the receiver.
const ENV = {
  POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
  DELIVERY_RETRY_SCHEDULE: '0,100,200,300,400,500,600,700',
};

describe('Delivery of click postbacks, retries and logs (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let publisher: any;
  let offer: any;

  beforeAll(async () => {
    t = await TestApp.start(ENV);
    receiver = await Receiver.start();
    const advertiser = await createAdvertiser(t);
    publisher = await createPublisher(t);
    offer = await createOffer(t, advertiser.id);
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  // A fresh offer per test keeps each test's rules from firing for another's clicks.
  async function isolatedOffer() {
    const advertiser = await createAdvertiser(t);
    return createOffer(t, advertiser.id);
  }

  // A click rule of the shared publisher on one offer.
  const clickRule = (offerId: number, fields: Record<string, unknown>) =>
    createRule(t, { type: 'click', publisherId: publisher.id, offerIds: [offerId], ...fields });

  async function logFor(transactionId: string, predicate: (entry: any) => boolean = () => true) {
    return eventually(
      async () => {
        const res = await t.get(`/api/postback-logs?transactionId=${transactionId}`);
        const entry = res.body.items?.[0];
        return entry && predicate(entry) ? entry : undefined;
      },
      20_000,
      `log entry of ${transactionId}`,
    );
  }

  it('fires a click postback with every click macro rendered and encoded', async () => {
    const o = await isolatedOffer();
    await clickRule(o.id, {
      name: 'click pb',
      url: receiver.url(
        '/click-pb?cid={external_transaction_id}&s1={sub1}&tid={transaction_id}&o={offer_id}&a={aff_id}&d={delivery_id}',
      ),
    });
    const click = await createClick(t, {
      offerId: o.id,
      publisherId: publisher.id,
      externalTransactionId: 'ext 1&2=3#x',
      sub1: 'héllo 🎉',
    });
    const [request] = await receiver.waitFor('/click-pb');
    const entry = await logFor(click.transactionId, (e) => e.state === 'delivered');
    expect(request.method).toBe('GET');
    expect(request.target).toBe(
      `/click-pb?cid=ext%201%262%3D3%23x&s1=h%C3%A9llo%20%F0%9F%8E%89&tid=${click.transactionId}` +
        `&o=${o.id}&a=${publisher.id}&d=${entry.id}`,
    );
    expect(request.headers['idempotency-key']).toBe(entry.id);
    expect(request.headers['user-agent']).toMatch(/^postback-manager\//);
    expect(entry).toMatchObject({
      type: 'click',
      state: 'delivered',
      transactionId: click.transactionId,
      externalTransactionId: 'ext 1&2=3#x',
      publisherId: publisher.id,
      offerId: o.id,
      test: false,
    });
    expect(entry.attempts).toEqual([
      expect.objectContaining({
        n: 1,
        method: 'GET',
        statusCode: 200,
        responseBody: 'OK',
        error: null,
      }),
    ]);
    expect(entry.attempts[0].url).toBe(receiver.origin + request.target);
  });

  it('retries a 500 until it succeeds, logging each attempt with its status code', async () => {
    const o = await isolatedOffer();
    receiver.script('/flaky', { status: 500, body: 'boom' }, { status: 503 });
    await clickRule(o.id, {
      name: 'flaky',
      url: receiver.url('/flaky?c={transaction_id}'),
    });
    const click = await createClick(t, { offerId: o.id, publisherId: publisher.id });
    const entry = await logFor(click.transactionId, (e) => e.state === 'delivered');
    expect(entry.attempts.map((a: any) => [a.n, a.statusCode])).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
    expect(entry.attempts[0].responseBody).toBe('boom');
    // The same delivery id on every attempt, so the receiver can dedupe.
    const keys = receiver.to('/flaky').map((r) => r.headers['idempotency-key']);
    expect(new Set(keys)).toEqual(new Set([entry.id]));
  });

  it('honours Retry-After on a 429', async () => {
    const o = await isolatedOffer();
    receiver.script('/limited', { status: 429, headers: { 'retry-after': '1' } });
    await clickRule(o.id, {
      name: 'limited',
      url: receiver.url('/limited?c={transaction_id}'),
    });
    const click = await createClick(t, { offerId: o.id, publisherId: publisher.id });
    const [first, second] = await receiver.waitFor(`/limited?c=${click.transactionId}`, 2);
    // The schedule alone would retry after ~100 ms; Retry-After asks for a second.
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(950);
    const entry = await logFor(click.transactionId, (e) => e.state === 'delivered');
    expect(entry.attempts.map((a: any) => a.statusCode)).toEqual([429, 200]);
  });

  it('fails 404 and 302 at once without retrying, and never follows the redirect', async () => {
    const o = await isolatedOffer();
    receiver.script('/gone-404', { status: 404 });
    receiver.script('/moved', {
      status: 302,
      headers: { location: receiver.url('/redirect-target') },
    });
    await clickRule(o.id, {
      name: '404',
      url: receiver.url('/gone-404?c={transaction_id}'),
    });
    await clickRule(o.id, {
      name: '302',
      url: receiver.url('/moved?c={transaction_id}'),
    });
    const click = await createClick(t, { offerId: o.id, publisherId: publisher.id });
    const entries = await eventually(async () => {
      const res = await t.get(`/api/postback-logs?transactionId=${click.transactionId}`);
      return res.body.items.length === 2 && res.body.items.every((e: any) => e.state === 'failed')
        ? res.body.items
        : undefined;
    });
    expect(entries.map((e: any) => e.attempts.map((a: any) => a.statusCode)).sort()).toEqual([
      [302],
      [404],
    ]);
    // Both are final (failed), and the log says so only once the response came back: a followed
    // redirect would have reached the receiver before then, and a retry would not be final.
    expect(receiver.to('/gone-404').length).toBe(1);
    expect(receiver.to('/moved').length).toBe(1);
    expect(receiver.to('/redirect-target').length).toBe(0);
  });

  it('retries timeouts and refused connections up to maxAttempts, then fails', async () => {
    const o = await isolatedOffer();
    receiver.script('/slow', { delayMs: 3000 }, { delayMs: 3000 });
    await clickRule(o.id, {
      name: 'slow',
      url: receiver.url('/slow?c={transaction_id}'),
      timeoutMs: 1000,
      maxAttempts: 2,
    });
    await clickRule(o.id, {
      name: 'refused',
      url: 'http://127.0.0.1:9/refused?c={transaction_id}',
      maxAttempts: 3,
    });
    const click = await createClick(t, { offerId: o.id, publisherId: publisher.id });
    const entries = await eventually(async () => {
      const res = await t.get(`/api/postback-logs?transactionId=${click.transactionId}`);
      return res.body.items.length === 2 && res.body.items.every((e: any) => e.state === 'failed')
        ? res.body.items
        : undefined;
    }, 30_000);
    const byUrl = (part: string) => entries.find((e: any) => e.attempts[0].url.includes(part));
    expect(byUrl('/slow').attempts.map((a: any) => a.error)).toEqual(['timeout', 'timeout']);
    expect(byUrl('/refused').attempts.map((a: any) => [a.n, a.statusCode, a.error])).toEqual([
      [1, null, 'network_error'],
      [2, null, 'network_error'],
      [3, null, 'network_error'],
    ]);
    expect(byUrl('/refused').completedAt).not.toBeNull();
  });

  it('cancels the waiting deliveries of a rule disabled or deleted meanwhile, sending nothing', async () => {
    const o = await isolatedOffer();
    const rule = (path: string) =>
      clickRule(o.id, {
        name: path,
        url: receiver.url(path),
        delaySeconds: 1,
      });
    const disabled = await rule('/late-disabled');
    const deleted = await rule('/late-deleted');
    const click = await createClick(t, { offerId: o.id, publisherId: publisher.id });
    expect((await t.patch(`/api/postbacks/${disabled.id}`, { enabled: false })).status).toBe(200);
    expect((await t.delete(`/api/postbacks/${deleted.id}`)).status).toBe(204);

    const rows = await eventually(
      async () => {
        const found = await t.query(
          `SELECT postback_id, state, attempt_count FROM deliveries WHERE transaction_id = $1
           ORDER BY postback_id`,
          [click.transactionId],
        );
        return found.length === 2 && found.every((d) => d.state === 'cancelled')
          ? found
          : undefined;
      },
      20_000,
      'cancelled deliveries',
    );
    expect(rows).toEqual([
      { postback_id: disabled.id, state: 'cancelled', attempt_count: 0 },
      { postback_id: deleted.id, state: 'cancelled', attempt_count: 0 },
    ]);
    const attempts = await t.query(
      `SELECT count(*)::int AS n FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
        WHERE d.transaction_id = $1`,
      [click.transactionId],
    );
    expect(attempts[0].n).toBe(0);
    expect(receiver.to('/late-disabled')).toHaveLength(0);
    expect(receiver.to('/late-deleted')).toHaveLength(0);
  });

  it('pauses a rule whose receiver answers 410 Gone', async () => {
    const o = await isolatedOffer();
    receiver.script('/gone-410', { status: 410 });
    const rule = await clickRule(o.id, {
      name: 'gone',
      url: receiver.url('/gone-410?c={transaction_id}'),
    });
    const click = await createClick(t, { offerId: o.id, publisherId: publisher.id });
    await logFor(click.transactionId, (e) => e.state === 'failed');
    const paused = (await t.get(`/api/postbacks/${rule.id}`)).body;
    expect(paused.enabled).toBe(false);
    expect(paused.pausedReason).toMatch(/410/);
    expect(paused.pausedAt).not.toBeNull();
  });

  it('filters logs, exports CSV, retries by hand and scopes logs to the publisher', async () => {
    const o = await isolatedOffer();
    receiver.script('/manual', { status: 404 });
    const rule = await clickRule(o.id, {
      name: 'manual',
      url: receiver.url('/manual?c={transaction_id}'),
    });
    const click = await createClick(t, {
      offerId: o.id,
      publisherId: publisher.id,
      externalTransactionId: 'ext,"csv"',
    });
    const failed = await logFor(click.transactionId, (e) => e.state === 'failed');

    const byState = await t.get(
      `/api/postback-logs?postbackId=${rule.id}&state=failed&statusCode=404`,
    );
    expect(byState.body.items.map((e: any) => e.id)).toEqual([failed.id]);
    expect(
      (await t.get(`/api/postback-logs?postbackId=${rule.id}&state=delivered`)).body.items,
    ).toEqual([]);
    expect(
      (await t.get(`/api/postback-logs?externalTransactionId=${encodeURIComponent('ext,"csv"')}`))
        .body.items,
    ).toHaveLength(1);
    expect((await t.get('/api/postback-logs?state=lost')).status).toBe(400);

    const csv = await t.get(`/api/postback-logs/export?postbackId=${rule.id}`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,createdAt,postbackId,type,state,status,publisherId,offerId,transactionId,externalTransactionId,conversionId,attempts,lastStatusCode,scheduledFor,completedAt,test,nextAttemptAt,attemptsLeft,lastError,lastErrorText',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${failed.id},`);
    expect(lines[1]).toContain('"ext,""csv"""');

    const retried = await t.post(`/api/postback-logs/${failed.id}/retry`);
    expect(retried.status).toBe(201);
    expect(retried.body.state).toBe('delivered');
    expect(retried.body.attempts.map((a: any) => [a.n, a.statusCode])).toEqual([
      [1, 404],
      [2, 200],
    ]);
    expect(receiver.to('/manual').map((r) => r.headers['idempotency-key'])).toEqual([
      failed.id,
      failed.id,
    ]);

    const ownKey = await createKey(t, { role: 'publisher', publisherId: publisher.id });
    const other = await createPublisher(t, { name: 'Other' });
    const otherKey = await createKey(t, { role: 'publisher', publisherId: other.id });
    expect((await t.get(`/api/postback-logs/${failed.id}`, { key: ownKey })).status).toBe(200);
    expect((await t.get(`/api/postback-logs/${failed.id}`, { key: otherKey })).status).toBe(404);
    expect(
      (await t.get(`/api/postback-logs?postbackId=${rule.id}`, { key: otherKey })).body.items,
    ).toEqual([]);
    expect(
      (await t.post(`/api/postback-logs/${failed.id}/retry`, undefined, { key: otherKey })).status,
    ).toBe(404);
    expect((await t.get('/api/postback-logs/not-a-uuid')).status).toBe(400);
  });

  it('fires a test postback now with sample values and logs it as a test', async () => {
    const rule = await createRule(t, {
      name: 'test me',
      type: 'conversion',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: receiver.url('/test-pb?cid={external_transaction_id}&status={status}&payout={payout}'),
      statusMap: { approved: 'sale' },
    });
    const res = await t.post(`/api/postbacks/${rule.id}/test`, {
      sample: { external_transaction_id: 'my click', payout: '3.3' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ test: true, state: 'delivered', postbackId: rule.id });
    expect(res.body.attempts[0].statusCode).toBe(200);
    const [request] = receiver.to('/test-pb');
    expect(request.target).toBe('/test-pb?cid=my%20click&status=sale&payout=3.3');
    expect((await t.post('/api/postbacks/424242/test', {})).status).toBe(404);
    expect(
      (await t.post(`/api/postbacks/${rule.id}/test`, { sample: 'not an object' })).status,
    ).toBe(400);
  });

  it('ends a test fire that fails as failed, never retried, and lets retention remove it', async () => {
    const dropping = await droppingServer();
    const ids: string[] = [];
    try {
      for (const [name, url] of [
        ['test 503', receiver.url('/test-503')],
        ['test dropped', `http://127.0.0.1:${(dropping.address() as AddressInfo).port}/dropped`],
      ]) {
        receiver.script('/test-503', { status: 503 });
        const rule = await createRule(t, {
          name,
          type: 'conversion',
          publisherId: publisher.id,
          offerIds: [offer.id],
          url,
        });
        const res = await t.post(`/api/postbacks/${rule.id}/test`, {});
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ test: true, state: 'failed' });
        expect(res.body.completedAt).toEqual(expect.any(String));
        expect(res.body.attempts).toHaveLength(1);
        ids.push(res.body.id);
      }
    } finally {
      dropping.close();
    }
    const rows = await t.query(
      `SELECT state, next_attempt_at, attempt_count FROM deliveries WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(rows).toEqual([
      { state: 'failed', next_attempt_at: null, attempt_count: 1 },
      { state: 'failed', next_attempt_at: null, attempt_count: 1 },
    ]);
    const attempts = await t.query(
      `SELECT status_code, error FROM delivery_attempts WHERE delivery_id = ANY($1::uuid[])
        ORDER BY delivery_id`,
      [ids],
    );
    expect(attempts).toEqual([
      { status_code: 503, error: null },
      { status_code: null, error: 'network_error' },
    ]);

    // Finished, so past its retention it goes like any other entry.
    await t.query(
      `UPDATE deliveries SET created_at = now() - interval '91 days' WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    await t.app.get(RetentionService).purge(new Date());
    expect(await t.query(`SELECT id FROM deliveries WHERE id = ANY($1::uuid[])`, [ids])).toEqual(
      [],
    );
  });

  it('exports every matching log line once, newest first, across the export batches', async () => {
    const o = await isolatedOffer();
    const rule = await clickRule(o.id, {
      name: 'bulk',
      url: receiver.url('/bulk'),
    });
    // More rows than two export batches of 1,000; finished, so no worker or sweeper takes them.
    const total = 2_345;
    await t.query(
      `INSERT INTO deliveries (id, postback_id, type, trigger_key, state, publisher_id, offer_id,
                               snapshot, scheduled_for, attempt_count, last_status_code, completed_at)
       SELECT gen_random_uuid(), $1, 'click', 'bulk:' || i, 'delivered', $2, $3, '{}', now(), 1,
              200, now()
         FROM generate_series(1, $4::int) i`,
      [rule.id, publisher.id, o.id, total],
    );
    const csv = await t.get(`/api/postback-logs/export?postbackId=${rule.id}`);
    expect(csv.status).toBe(200);
    const ids = csv.text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(ids).toEqual([...ids].sort().reverse());
  });
});

// A loopback server that resets every connection as it comes: a failure at the connection
// level, on a port held for the whole test (a port found free and closed again could be
// taken by another process meanwhile).
async function droppingServer(): Promise<Server> {
  const server = createServer((socket) => socket.resetAndDestroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
