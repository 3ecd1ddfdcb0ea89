import { IntakeRetentionService } from '../src/conversions/intake/intake-retention.service';
import {
  clickOn,
  conversionRows,
  createNetwork,
  intakeGet,
  intakePath,
  intakePostForm,
  Network,
  networkWithUnstorableDeliveries,
} from './helpers/conversion-fixtures';
import { TestApp } from './helpers/test-app';
import { rawGet } from './helpers/tracking-fixtures';

describe('Advertiser S2S intake (e2e)', () => {
  let t: TestApp;
  let net: Network;

  beforeAll(async () => {
    t = await TestApp.start();
    net = await createNetwork(t);
  });
  afterAll(() => t.stop());
  afterEach(() => jest.restoreAllMocks());

  const key = () => net.advertiser.postbackKey;
  const logsOf = (where: string, params: unknown[]) =>
    t.query(`SELECT * FROM intake_logs WHERE ${where} ORDER BY id`, params);

  it('done when: a trained status word creates an approved conversion, once', async () => {
    const transactionId = await clickOn(t, net);
    const params = {
      clickid: transactionId,
      status: 'billed',
      approved_status: 'billed',
      payout: '12.5',
      return: 'OK',
    };
    const res = await intakeGet(t, key(), params);
    expect(res.status).toBe(200);
    expect(res.text).toBe('OK');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);

    const list = await t.get(`/api/conversions?transactionId=${transactionId}`);
    expect(list.body.items).toHaveLength(1);
    const conversion = list.body.items[0];
    expect(conversion).toMatchObject({
      status: 'approved',
      payout: '12.50',
      revenue: '15.00',
      offerId: net.offer.id,
      publisherId: net.publisher.id,
      advertiserId: net.advertiser.id,
    });
    const detail = await t.get(`/api/conversions/${conversion.id}`);
    expect(detail.body.statusHistory).toMatchObject([
      { fromStatus: null, toStatus: 'approved', source: 'intake' },
    ]);

    const logs = await t.get(`/api/intake-logs?advertiserId=${net.advertiser.id}`);
    expect(logs.body.items[0]).toMatchObject({
      advertiserId: net.advertiser.id,
      method: 'GET',
      outcome: 'accepted',
      errorCode: null,
      conversionId: conversion.id,
      ip: '127.0.0.1',
      warnings: [],
    });
    expect(logs.body.items[0].rawQuery).toBe(new URLSearchParams(params).toString());

    const again = await intakeGet(t, key(), params);
    expect(again.status).toBe(200);
    expect(again.text).toBe('OK');
    expect(await conversionRows(t, transactionId)).toHaveLength(1);
    const [latest] = (await t.get(`/api/intake-logs?advertiserId=${net.advertiser.id}&limit=1`))
      .body.items;
    expect(latest).toMatchObject({ outcome: 'duplicate', conversionId: conversion.id });
  });

  it('accepts every alias of transaction_id, and goal for event', async () => {
    for (const name of ['transaction_id', 'clickid', 'click_id', 'subid']) {
      const transactionId = await clickOn(t, net);
      const res = await intakeGet(t, key(), { [name]: transactionId, goal: 'deposit' });
      expect(res.status).toBe(200);
      const rows = await conversionRows(t, transactionId);
      expect(rows).toMatchObject([{ status: 'approved', event: 'deposit' }]);
    }
  });

  it('maps the status synonyms, case-insensitively', async () => {
    const words: Record<string, string> = {
      approved: 'approved',
      SALE: 'approved',
      confirmed: 'approved',
      pending: 'pending',
      Lead: 'pending',
      hold: 'pending',
      rejected: 'rejected',
      declined: 'rejected',
      trash: 'rejected',
    };
    for (const [word, status] of Object.entries(words)) {
      const transactionId = await clickOn(t, net);
      expect((await intakeGet(t, key(), { clickid: transactionId, status: word })).status).toBe(
        200,
      );
      expect((await conversionRows(t, transactionId))[0].status).toBe(status);
    }
  });

  it('learns the advertiser’s words per request; training wins over synonyms', async () => {
    const paid = await clickOn(t, net);
    const res = await intakeGet(t, key(), {
      clickid: paid,
      status: 'paid',
      approved_status: 'billed,paid',
    });
    expect(res.status).toBe(200);
    expect((await conversionRows(t, paid))[0].status).toBe('approved');

    const flipped = await clickOn(t, net);
    await intakeGet(t, key(), { clickid: flipped, status: 'sale', rejected_status: 'sale' });
    expect((await conversionRows(t, flipped))[0].status).toBe('rejected');

    const held = await clickOn(t, net);
    await intakeGet(t, key(), { clickid: held, status: 'wait', pending_status: 'wait' });
    expect((await conversionRows(t, held))[0].status).toBe('pending');
  });

  it('refuses and logs an unknown status instead of guessing', async () => {
    const transactionId = await clickOn(t, net);
    const res = await intakeGet(t, key(), { clickid: transactionId, status: 'billed' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'unknown_status' });
    expect(await conversionRows(t, transactionId)).toHaveLength(0);
    const [log] = await logsOf(`raw_query LIKE $1`, [`%${transactionId}%`]);
    expect(log).toMatchObject({
      advertiser_id: net.advertiser.id,
      outcome: 'refused',
      error_code: 'unknown_status',
      conversion_id: null,
    });
  });

  it('answers the return text, or a 1×1 GIF for return=gif', async () => {
    const text = await intakeGet(t, key(), { clickid: await clickOn(t, net), return: 'thanks!' });
    expect(text.text).toBe('thanks!');
    expect(text.headers['x-content-type-options']).toBe('nosniff');

    const gif = await rawGet(
      t,
      intakePath(key(), { clickid: await clickOn(t, net), return: 'gif' }),
    );
    expect(gif.status).toBe(200);
    expect(gif.headers['content-type']).toBe('image/gif');
    expect(gif.body.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(gif.body.readUInt16LE(6)).toBe(1); // width
    expect(gif.body.readUInt16LE(8)).toBe(1); // height

    // An over-long return text is cut to 256 characters, never a refusal.
    const long = await intakeGet(t, key(), {
      clickid: await clickOn(t, net),
      return: 'x'.repeat(257),
    });
    expect(long.status).toBe(200);
    expect(long.text).toBe('x'.repeat(256));
  });

  it('refuses a bad postback key, a paused advertiser, and missing or unknown clicks', async () => {
    const transactionId = await clickOn(t, net);
    const badKey = await intakeGet(t, 'no-such-key', { clickid: transactionId });
    expect(badKey.status).toBe(404);
    expect(badKey.body.error).toBe('invalid_postback_key');
    const [badKeyLog] = await logsOf(`raw_query = $1`, [`clickid=${transactionId}`]);
    expect(badKeyLog).toMatchObject({
      advertiser_id: null,
      outcome: 'refused',
      error_code: 'invalid_postback_key',
    });

    const missing = await intakeGet(t, key(), { status: 'sale' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('missing_transaction_id');

    const unknown = await intakeGet(t, key(), { clickid: 'no-such-click' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('transaction_id_not_found');

    const paused = await createNetwork(t);
    await t.patch(`/api/advertisers/${paused.advertiser.id}`, { status: 'paused' });
    const refused = await intakeGet(t, paused.advertiser.postbackKey, {
      clickid: await clickOn(t, paused),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('advertiser_paused');
    expect(await conversionRows(t, transactionId)).toHaveLength(0);
  });

  it('refuses a click on another advertiser’s offer with offer_mismatch', async () => {
    const other = await createNetwork(t);
    const transactionId = await clickOn(t, other);
    const res = await intakeGet(t, key(), { clickid: transactionId });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('offer_mismatch');
    expect(await conversionRows(t, transactionId)).toHaveLength(0);
  });

  it('names an over-long click id or status word', async () => {
    const transactionId = await clickOn(t, net);
    for (const [params, field] of [
      [{ clickid: 'x'.repeat(257) }, 'clickid'],
      [{ clickid: transactionId, status: 's'.repeat(65) }, 'status'],
    ] as const) {
      const long = await intakeGet(t, key(), params);
      expect(long.status).toBe(400);
      expect(long.body).toMatchObject({ error: 'parameter_too_long' });
      expect(long.body.details[0].field).toBe(field);
    }
    expect(await conversionRows(t, transactionId)).toHaveLength(0);
  });

  it('takes a form-encoded POST body, with query parameters too', async () => {
    const transactionId = await clickOn(t, net);
    const res = await intakePostForm(
      t,
      key(),
      { status: 'hold', payout: '2.5', tid: 'order 7' },
      { click_id: transactionId },
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('OK');
    expect(await conversionRows(t, transactionId)).toMatchObject([
      { status: 'pending', payout: '2.50', advertiser_transaction_id: 'order 7' },
    ]);
    const [log] = await logsOf(`raw_query LIKE $1`, [`%${transactionId}%`]);
    expect(log).toMatchObject({ method: 'POST', outcome: 'accepted' });
    expect(log.raw_query).toBe(`click_id=${transactionId}\nstatus=hold&payout=2.5&tid=order+7`);

    const bodyOnly = await clickOn(t, net);
    const posted = await intakePostForm(t, key(), { subid: bodyOnly, status: 'sale' });
    expect(posted.status).toBe(200);
    expect(await conversionRows(t, bodyOnly)).toMatchObject([{ status: 'approved' }]);
  });

  it('moves a conversion through its statuses and refuses what the rules forbid', async () => {
    const transactionId = await clickOn(t, net);
    await intakeGet(t, key(), { clickid: transactionId, status: 'lead' });
    const [{ id }] = await conversionRows(t, transactionId);
    expect((await intakeGet(t, key(), { clickid: transactionId, status: 'sale' })).status).toBe(
      200,
    );
    const back = await intakeGet(t, key(), { clickid: transactionId, status: 'lead' });
    expect(back.status).toBe(409);
    expect(back.body.error).toBe('invalid_status_transition');
    await intakeGet(t, key(), {
      clickid: transactionId,
      status: 'trash',
      rejection_reason: 'fraud',
    });
    const revive = await intakeGet(t, key(), { clickid: transactionId, status: 'sale' });
    expect(revive.status).toBe(409);

    const detail = await t.get(`/api/conversions/${id}`);
    expect(detail.body).toMatchObject({ status: 'rejected', rejectionReason: 'fraud' });
    expect(detail.body.statusHistory).toMatchObject([
      { fromStatus: null, toStatus: 'pending', source: 'intake' },
      { fromStatus: 'pending', toStatus: 'approved', source: 'intake' },
      { fromStatus: 'approved', toStatus: 'rejected', rejectionReason: 'fraud', source: 'intake' },
    ]);
    expect(await conversionRows(t, transactionId)).toHaveLength(1);
    const outcomes = (await logsOf(`raw_query LIKE $1`, [`%${transactionId}%`])).map(
      (l) => `${l.outcome}:${l.error_code ?? ''}`,
    );
    expect(outcomes).toEqual([
      'accepted:',
      'accepted:',
      'refused:invalid_status_transition',
      'accepted:',
      'refused:invalid_status_transition',
    ]);
  });

  it('makes rebills from a new tid and counts parallel repeats once', async () => {
    const transactionId = await clickOn(t, net);
    await intakeGet(t, key(), { clickid: transactionId, tid: 'dep-1' });
    await intakeGet(t, key(), { clickid: transactionId, tid: 'dep-2' });
    expect(await conversionRows(t, transactionId)).toHaveLength(2);

    const responses = await Promise.all(
      Array.from({ length: 10 }, () => intakeGet(t, key(), { clickid: transactionId, tid: 'x' })),
    );
    expect(responses.every((r) => r.status === 200 && r.text === 'OK')).toBe(true);
    expect(await conversionRows(t, transactionId)).toHaveLength(3);
    const logs = await logsOf(`raw_query = $1`, [`clickid=${transactionId}&tid=x`]);
    expect(logs.map((l) => l.outcome).sort()).toEqual([
      'accepted',
      ...Array<string>(9).fill('duplicate'),
    ]);
  });

  it('converts amounts reported in another currency', async () => {
    await t.call('PUT', '/api/currency-rates/EUR', { body: { rate: '1.08' } });
    const transactionId = await clickOn(t, net);
    const res = await intakeGet(t, key(), {
      clickid: transactionId,
      payout: '10',
      revenue: '20',
      currency: 'eur',
    });
    expect(res.status).toBe(200);
    const [conversion] = (await t.get(`/api/conversions?transactionId=${transactionId}`)).body
      .items;
    expect(conversion).toMatchObject({
      currency: 'USD',
      payout: '10.80',
      revenue: '21.60',
      originalPayout: '10.00',
      originalRevenue: '20.00',
      originalCurrency: 'EUR',
    });
  });

  it('logs the request even when the conversion write fails', async () => {
    const refusing = await networkWithUnstorableDeliveries(t);
    const transactionId = await clickOn(t, refusing);
    const res = await intakeGet(t, refusing.advertiser.postbackKey, { clickid: transactionId });
    expect(res.status).toBe(500);
    expect(await conversionRows(t, transactionId)).toHaveLength(0);
    const [log] = await logsOf(`raw_query = $1`, [`clickid=${transactionId}`]);
    expect(log).toMatchObject({
      advertiser_id: refusing.advertiser.id,
      outcome: 'refused',
      error_code: 'internal_error',
    });
  });

  describe('GET /api/intake-logs', () => {
    it('filters by outcome and time, pages by id, and scopes advertisers to their own', async () => {
      const own = await createNetwork(t);
      const other = await createNetwork(t);
      await intakeGet(t, own.advertiser.postbackKey, { clickid: await clickOn(t, own) });
      await intakeGet(t, own.advertiser.postbackKey, { clickid: 'missing-1' });
      await intakeGet(t, own.advertiser.postbackKey, { clickid: 'missing-2' });
      await intakeGet(t, other.advertiser.postbackKey, { clickid: 'missing-3' });

      const refused = await t.get(
        `/api/intake-logs?advertiserId=${own.advertiser.id}&outcome=refused`,
      );
      expect(refused.body.items.map((l: any) => l.rawQuery)).toEqual([
        'clickid=missing-2',
        'clickid=missing-1',
      ]);
      expect(refused.body.items[0]).toMatchObject({
        errorCode: 'transaction_id_not_found',
        conversionId: null,
        receivedAt: expect.any(String),
      });

      const page1 = await t.get(`/api/intake-logs?advertiserId=${own.advertiser.id}&limit=2`);
      expect(page1.body.items).toHaveLength(2);
      const page2 = await t.get(
        `/api/intake-logs?advertiserId=${own.advertiser.id}&limit=2&cursor=${page1.body.nextCursor}`,
      );
      expect(page2.body.items).toHaveLength(1);
      expect(page2.body.items[0].outcome).toBe('accepted');
      expect(page2.body.nextCursor).toBeNull();

      const asAdvertiser = await t.get('/api/intake-logs?limit=500', { key: own.advertiserKey });
      expect(asAdvertiser.status).toBe(200);
      expect(new Set(asAdvertiser.body.items.map((l: any) => l.advertiserId))).toEqual(
        new Set([own.advertiser.id]),
      );
      expect(asAdvertiser.body.items).toHaveLength(3);
      const sneaky = await t.get(`/api/intake-logs?advertiserId=${other.advertiser.id}`, {
        key: own.advertiserKey,
      });
      expect(sneaky.body.items).toEqual([]);
      expect((await t.get('/api/intake-logs', { key: own.publisherKey })).status).toBe(403);

      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect(
        (await t.get(`/api/intake-logs?advertiserId=${own.advertiser.id}&from=${future}`)).body
          .items,
      ).toEqual([]);
      expect((await t.get('/api/intake-logs?outcome=maybe')).status).toBe(400);
      const badTime = await t.get('/api/intake-logs?to=yesterday');
      expect(badTime.status).toBe(400);
      expect(badTime.body.details).toEqual([expect.objectContaining({ field: 'to' })]);
    });
  });

  it('purges intake logs past the retention period in batches', async () => {
    await t.query(`DELETE FROM intake_logs`);
    await t.query(
      `INSERT INTO intake_logs (method, raw_query, outcome, received_at)
       SELECT 'GET', 'old=' || g, 'refused', now() - interval '91 days' FROM generate_series(1, 5) g`,
    );
    await t.query(
      `INSERT INTO intake_logs (method, raw_query, outcome, received_at)
       VALUES ('GET', 'recent', 'accepted', now() - interval '89 days')`,
    );
    const deleted = await t.app.get(IntakeRetentionService).purge(new Date(), 2);
    expect(deleted).toBe(5);
    const left = await t.query(`SELECT raw_query FROM intake_logs`);
    expect(left).toEqual([{ raw_query: 'recent' }]);
  });
});
