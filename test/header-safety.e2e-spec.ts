import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { createAdvertiser, createOffer, createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { createClick } from './helpers/tracking-fixtures';
import { TestApp } from './helpers/test-app';

// Issue 12 item 1: header values HTTP can't carry, the connection pool they used to jam,
// attempts that outlived timeoutMs, and auto-pause by the event's data.

const percentUtf8 = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');

describe('Header values and the connection pool (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let offer: any;

  beforeAll(async () => {
    t = await TestApp.start({
      POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
      DELIVERY_RETRY_SCHEDULE: '0,100,200',
      // Small, so a few stuck requests would block the host for everyone.
      POSTBACK_MAX_CONNECTIONS_PER_ORIGIN: '2',
    });
    receiver = await Receiver.start();
    offer = await createOffer(t, (await createAdvertiser(t)).id);
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  // Deliveries of a rule once `count` of them ended (delivered or failed).
  async function finished(ruleId: number, count: number, timeoutMs = 30_000): Promise<any[]> {
    return eventually(
      async () => {
        const rows = await t.query(
          `SELECT d.id, d.state, d.transaction_id, a.error, a.error_message, a.status_code
             FROM deliveries d
             LEFT JOIN delivery_attempts a ON a.delivery_id = d.id AND a.n = d.attempt_count
            WHERE d.postback_id = $1 AND d.state IN ('delivered', 'failed') ORDER BY d.id`,
          [ruleId],
        );
        return rows.length >= count ? rows : undefined;
      },
      timeoutMs,
      `${count} finished deliveries of rule ${ruleId}`,
    );
  }

  async function ruleFor(path: string, headers: Record<string, string>) {
    const publisher = await createPublisher(t);
    const rule = await createRule(t, {
      type: 'click',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: receiver.url(`${path}?c={transaction_id}`),
      headers,
    });
    return { publisher, rule };
  }

  it('sends header macro values outside Latin-1 percent-encoded, and the host keeps taking deliveries', async () => {
    const bad = await ruleFor('/hdr', { 'X-Click': '{sub1}', 'X-Raw': 'raw={sub2|raw}' });
    const subs = ['кампания', 'go 😀', 'café\u0007'];
    const click = (sub1: string) =>
      createClick(t, { offerId: offer.id, publisherId: bad.publisher.id, sub1, sub2: 'Кк' });
    // As many such deliveries as the host has connections, each ended; then another rule's
    // delivery to the same host must arrive (it used to wait forever).
    const clicks = [await click(subs[0]), await click(subs[1])];
    await finished(bad.rule.id, 2);
    const good = await ruleFor('/after', { 'X-Token': 'abc' });
    const goodClick = await createClick(t, { offerId: offer.id, publisherId: good.publisher.id });
    const [after] = await receiver.waitFor('/after', 1, 30_000);
    expect(after.target).toBe(`/after?c=${goodClick.transactionId}`);
    clicks.push(await click(subs[2]));

    const rows = await finished(bad.rule.id, subs.length);
    expect(rows.map((r) => r.state)).toEqual(['delivered', 'delivered', 'delivered']);
    const received = receiver.to('/hdr');
    clicks.forEach((c, i) => {
      const request = received.find((r) => r.target === `/hdr?c=${c.transactionId}`);
      expect(request?.headers['x-click']).toBe(
        ['%D0%BA%D0%B0%D0%BC%D0%BF%D0%B0%D0%BD%D0%B8%D1%8F', 'go %F0%9F%98%80', 'caf%C3%A9'][i],
      );
      expect(request?.headers['x-raw']).toBe(`raw=${percentUtf8('Кк')}`);
    });
  });

  it('fails a stored header that cannot be sent as invalid_request, sends nothing, and the host keeps taking deliveries', async () => {
    // Rules written before save refused such headers (or around the API).
    const badName = await ruleFor('/legacy-name', { 'X-Ok': 'v' });
    const literal = await ruleFor('/legacy-literal', { 'X-Ok': 'v' });
    await t.query(`UPDATE postbacks SET headers = '{"X Bad": "1"}' WHERE id = $1`, [
      badName.rule.id,
    ]);
    await t.query(`UPDATE postbacks SET headers = '{"X-Campaign": "Кампания"}' WHERE id = $1`, [
      literal.rule.id,
    ]);
    // Saving through the API drops this process's rules cache, so the rows above are read.
    const good = await ruleFor('/after-legacy', {});

    for (let i = 0; i < 3; i++) {
      await createClick(t, { offerId: offer.id, publisherId: badName.publisher.id });
      await createClick(t, { offerId: offer.id, publisherId: literal.publisher.id });
    }
    const failed = await finished(badName.rule.id, 3);
    expect(failed.map((r) => [r.state, r.error])).toEqual([
      ['failed', 'invalid_request'],
      ['failed', 'invalid_request'],
      ['failed', 'invalid_request'],
    ]);
    expect(failed[0].error_message).toMatch(/x bad/i);
    expect(receiver.to('/legacy-name')).toHaveLength(0);

    await finished(literal.rule.id, 3);
    const sent = await receiver.waitFor('/legacy-literal', 3);
    expect(sent.map((r) => r.headers['x-campaign'])).toEqual(
      Array(3).fill(percentUtf8('Кампания')),
    );

    await createClick(t, { offerId: offer.id, publisherId: good.publisher.id });
    await receiver.waitFor('/after-legacy', 1, 30_000);
  });

  it('refuses at save a literal header value HTTP cannot carry, naming the header', async () => {
    const publisher = await createPublisher(t);
    const body = {
      name: 'literal',
      type: 'click',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: receiver.url('/never?c={transaction_id}'),
    };
    const created = await t.post('/api/postbacks', {
      ...body,
      headers: { 'X-Token': 'abc', 'X-Campaign': 'Кампания' },
    });
    expect(created.status).toBe(400);
    expect(created.body.details).toEqual([
      expect.objectContaining({ field: 'headers.X-Campaign', code: 'invalid_header' }),
    ]);
    expect(created.body.details[0].message).toContain(percentUtf8('К'));

    const rule = await createRule(t, { ...body, headers: { 'X-Campaign': 'summer' } });
    const patched = await t.patch(`/api/postbacks/${rule.id}`, {
      headers: { 'X-Campaign': 'лето 😀' },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.details).toEqual([
      expect.objectContaining({ field: 'headers.X-Campaign', code: 'invalid_header' }),
    ]);
  });

  it('previews the encoded header value with a header_value_encoded warning', async () => {
    const res = await t.post('/api/postbacks/preview', {
      type: 'click',
      url: 'https://trk.example/pb?subid={external_transaction_id}',
      headers: { 'X-Click': '{sub1}', 'X-Token': 'abc' },
      sample: { sub1: 'кампания' },
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.headers).toEqual({
      'X-Click': '%D0%BA%D0%B0%D0%BC%D0%BF%D0%B0%D0%BD%D0%B8%D1%8F',
      'X-Token': 'abc',
    });
    expect(res.body.warnings).toEqual([
      expect.objectContaining({ code: 'header_value_encoded', field: 'headers.X-Click' }),
    ]);
  });

  it('ends an attempt whose TLS handshake never completes at timeoutMs', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const publisher = await createPublisher(t);
      const rule = await createRule(t, {
        type: 'click',
        publisherId: publisher.id,
        offerIds: [offer.id],
        url: `https://127.0.0.1:${port}/tls?c={transaction_id}`,
        timeoutMs: 1000,
        maxAttempts: 1,
      });
      await createClick(t, { offerId: offer.id, publisherId: publisher.id });
      const [row] = await finished(rule.id, 1);
      expect(row).toMatchObject({
        state: 'failed',
        error: 'timeout',
        error_message: 'no response within 1000 ms',
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('Auto-pause counts only what the receiver did (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await TestApp.start({
      POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
      DELIVERY_RETRY_SCHEDULE: '0,100,200',
    });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  async function countByState(ruleId: number): Promise<Record<string, number>> {
    const rows = await t.query(
      `SELECT state, count(*)::int AS n FROM deliveries WHERE postback_id = $1 GROUP BY state`,
      [ruleId],
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  it('never pauses a rule over requests the event made unsendable, and still does over 20 receiver failures', async () => {
    const publisher = await createPublisher(t);
    const offer = await createOffer(t, (await createAdvertiser(t)).id);
    // The host comes from the click: a visitor controls whether the URL is valid at all.
    const rule = await createRule(t, {
      type: 'click',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: 'http://{sub1|raw}/streak?c={transaction_id}',
      maxAttempts: 1,
    });
    for (let i = 0; i < 25; i++)
      await createClick(t, { offerId: offer.id, publisherId: publisher.id, sub1: 'bad host' });
    await eventually(
      async () => ((await countByState(rule.id)).failed === 25 ? true : undefined),
      45_000,
      '25 failed deliveries',
    );
    const attempts = await t.query(
      `SELECT DISTINCT a.error FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
        WHERE d.postback_id = $1`,
      [rule.id],
    );
    expect(attempts).toEqual([{ error: 'invalid_request' }]);
    expect((await t.get(`/api/postbacks/${rule.id}`)).body).toMatchObject({
      enabled: true,
      pausedReason: null,
    });

    // The same rule, now reaching a receiver that refuses: 20 of those pause it.
    for (let i = 0; i < 20; i++) receiver.script('/streak', { status: 404 });
    const host = new URL(receiver.origin).host;
    for (let i = 0; i < 20; i++)
      await createClick(t, { offerId: offer.id, publisherId: publisher.id, sub1: host });
    const paused = await eventually(async () => {
      const body = (await t.get(`/api/postbacks/${rule.id}`)).body;
      return body.enabled === false ? body : undefined;
    }, 45_000);
    expect(paused.pausedReason).toBe('last 20 deliveries failed');
    expect(receiver.to('/streak')).toHaveLength(20);
    expect(await countByState(rule.id)).toEqual({ failed: 45 });
  });
});
