import { connect } from 'node:net';
import { createAdvertiser, createOffer, createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { Receiver } from './helpers/receiver';
import { createClick, rawGet } from './helpers/tracking-fixtures';
import { TestApp } from './helpers/test-app';

const SPEC_ERROR = {
  statusCode: expect.any(Number),
  error: expect.any(String),
  message: expect.any(String),
  details: expect.any(Array),
};

// Sends bytes exactly as given (no client-side encoding or validation) and returns the raw answer.
function rawHttp(t: TestApp, request: string | Buffer): Promise<string> {
  const { port } = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe('Hostile input on every public endpoint (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let advertiser: any;
  let offer: any;
  let publisher: any;

  const counts = async () =>
    (
      await t.query(`SELECT (SELECT count(*) FROM clicks)::int AS clicks, (SELECT count(*) FROM impressions)::int AS impressions,
                            (SELECT count(*) FROM conversions)::int AS conversions, (SELECT count(*) FROM deliveries)::int AS deliveries,
                            (SELECT count(*) FROM publishers)::int AS publishers`)
    )[0];

  beforeAll(async () => {
    t = await TestApp.start({ POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' });
    receiver = await Receiver.start();
    advertiser = await createAdvertiser(t);
    offer = await createOffer(t, advertiser.id, {
      url: 'https://adv.example/lp?c={transaction_id}&s={sub1}',
    });
    publisher = await createPublisher(t);
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  it('refuses a huge query string on /click, /impression and /postback with a 4xx in the SPEC shape', async () => {
    const before = await counts();
    const huge = 'x'.repeat(40_000);
    for (const path of [
      `/click?offer_id=${offer.id}&aff_id=${publisher.id}&sub1=${huge}`,
      `/impression?offer_id=${offer.id}&aff_id=${publisher.id}&sub1=${huge}`,
      `/postback/${advertiser.postbackKey}?clickid=${huge}`,
    ]) {
      const res = await rawGet(t, path);
      expect(res.status).toBe(431);
      expect(JSON.parse(res.body.toString())).toEqual({
        ...SPEC_ERROR,
        statusCode: 431,
        error: 'headers_too_large',
      });
    }
    // Long but under the server's limits: the per-parameter limits answer, naming the parameter.
    const long = await rawGet(
      t,
      `/click?offer_id=${offer.id}&aff_id=${publisher.id}&sub2=${'y'.repeat(600)}`,
    );
    expect(long.status).toBe(400);
    expect(JSON.parse(long.body.toString())).toMatchObject({
      error: 'parameter_too_long',
      details: [expect.objectContaining({ field: 'sub2' })],
    });
    const longKey = await rawGet(t, `/postback/${'k'.repeat(300)}?clickid=x`);
    expect(longKey.status).toBeGreaterThanOrEqual(400);
    expect(longKey.status).toBeLessThan(500);
    expect(JSON.parse(longKey.body.toString())).toEqual(SPEC_ERROR);
    expect(await counts()).toEqual(before);
  });

  it('stores SQL metacharacters, invalid UTF-8 and NUL bytes as inert text, never as SQL', async () => {
    const sql = `'; DROP TABLE clicks; --`;
    const click = await createClick(t, {
      offerId: offer.id,
      publisherId: publisher.id,
      sub1: sql,
      externalTransactionId: `x' OR '1'='1`,
    });
    const [row] = await t.query(
      'SELECT sub1, external_transaction_id FROM clicks WHERE transaction_id = $1',
      [click.transactionId],
    );
    expect(row).toEqual({ sub1: sql, external_transaction_id: `x' OR '1'='1` });

    const odd = await rawGet(
      t,
      `/click?offer_id=${offer.id}&aff_id=${publisher.id}&sub1=%FF%FE&sub2=a%00b`,
    );
    expect(odd.status).toBe(302);
    const [stored] = await t.query(
      `SELECT sub1, sub2 FROM clicks ORDER BY transaction_id DESC LIMIT 1`,
    );
    expect(stored.sub2).not.toContain('\u0000');
    expect(typeof stored.sub1).toBe('string');

    for (const id of [`1' OR 1=1`, '1;DROP TABLE offers', '-1', '99999999999', '1e3x']) {
      const res = await rawGet(
        t,
        `/click?offer_id=${encodeURIComponent(id)}&aff_id=${publisher.id}`,
      );
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body.toString())).toMatchObject({
        details: [expect.objectContaining({ field: 'offer_id' })],
      });
    }
    const injectedKey = await rawGet(
      t,
      `/postback/${encodeURIComponent(`' OR '1'='1`)}?clickid=${click.transactionId}`,
    );
    expect(injectedKey.status).toBe(404);
    expect(JSON.parse(injectedKey.body.toString()).error).toBe('invalid_postback_key');
  });

  it('never evaluates macros that arrive inside values (template injection)', async () => {
    await createRule(t, {
      type: 'click',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: receiver.url('/inj?s={sub1}&c={external_transaction_id}'),
    });
    const click = await createClick(t, {
      offerId: offer.id,
      publisherId: publisher.id,
      sub1: '{revenue}{payout|raw}',
      externalTransactionId: '{transaction_id}',
    });
    expect(click.location).toContain('&s=%7Brevenue%7D%7Bpayout%7Craw%7D');
    const [request] = await receiver.waitFor('/inj');
    expect(request.target).toBe('/inj?s=%7Brevenue%7D%7Bpayout%7Craw%7D&c=%7Btransaction_id%7D');
  });

  it('refuses hostile intake requests with a 4xx, logs them, and records no conversion', async () => {
    const before = await counts();
    const path = `/postback/${advertiser.postbackKey}`;
    const cases: [string, number, string][] = [
      [`${path}?status=approved`, 400, 'missing_transaction_id'],
      [`${path}?clickid=${encodeURIComponent(`' OR 1=1 --`)}`, 404, 'transaction_id_not_found'],
      [`${path}?clickid=%FF%FE`, 404, 'transaction_id_not_found'],
      [`${path}?clickid=abc&status=${encodeURIComponent('{status}')}`, 400, 'unknown_status'],
      // An unreadable amount is not a refusal (SPEC §5.2); the unknown click is.
      [`${path}?clickid=abc&payout=1e309`, 404, 'transaction_id_not_found'],
    ];
    for (const [url, status, code] of cases) {
      const res = await rawGet(t, url);
      expect([url, res.status]).toEqual([url, status]);
      expect(JSON.parse(res.body.toString())).toMatchObject({ ...SPEC_ERROR, error: code });
    }
    expect(await counts()).toEqual(before);
    const logged = await t.query(
      `SELECT outcome, error_code FROM intake_logs ORDER BY id DESC LIMIT $1`,
      [cases.length],
    );
    expect(logged.every((row: any) => row.outcome === 'refused')).toBe(true);
  });

  it('answers malformed and oversized management requests with a 4xx and writes nothing', async () => {
    const before = await counts();
    expect((await t.post('/api/publishers', { name: 'x'.repeat(300_000) })).body).toMatchObject({
      statusCode: 413,
      error: 'payload_too_large',
    });
    expect(
      (
        await t.call('POST', '/api/publishers', {
          body: '{"name": "a"',
          headers: { 'content-type': 'application/json' },
        })
      ).body.error,
    ).toBe('invalid_json');
    expect(
      (
        await t.call('POST', '/api/publishers', {
          body: 'name=a',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(400);
    expect((await t.post('/api/publishers', { name: { $ne: null } })).body.details[0].field).toBe(
      'name',
    );
    expect(
      (
        await t.post('/api/publishers', {
          name: 'ok',
          __proto__: { admin: true },
          constructor: { prototype: {} },
        })
      ).status,
    ).toBe(400);
    const nested = '{"name":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    expect(
      (
        await t.call('POST', '/api/publishers', {
          body: nested,
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect((await t.get(`/api/offers?limit=${'9'.repeat(400)}`)).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('answers garbage on the wire with a 400 in the SPEC shape', async () => {
    const answer = await rawHttp(
      t,
      'GET /click?offer_id=1 HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      ...SPEC_ERROR,
      statusCode: 400,
      error: 'bad_request',
    });
  });
});
