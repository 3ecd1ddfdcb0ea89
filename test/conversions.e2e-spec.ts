import { DeliveryScheduler } from '../src/postbacks/delivery/delivery-scheduler';
import type { DeliveryTrigger } from '../src/postbacks/delivery/delivery-trigger';
import {
  clickOn,
  conversionRows,
  createConversion,
  createNetwork,
  Network,
  networkWithUnstorableDeliveries,
} from './helpers/conversion-fixtures';
import { createKey } from './helpers/fixtures';
import { TestApp } from './helpers/test-app';

describe('Conversions API (e2e)', () => {
  let t: TestApp;
  let net: Network;

  beforeAll(async () => {
    t = await TestApp.start();
    net = await createNetwork(t);
  });
  afterAll(() => t.stop());
  afterEach(() => jest.restoreAllMocks());

  const history = async (id: string) => (await t.get(`/api/conversions/${id}`)).body.statusHistory;

  describe('POST /api/conversions', () => {
    it('creates an approved conversion with the offer money, copied from the click', async () => {
      const transactionId = await clickOn(t, net);
      const res = await t.post('/api/conversions', { transactionId });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        transactionId,
        offerId: net.offer.id,
        publisherId: net.publisher.id,
        advertiserId: net.advertiser.id,
        status: 'approved',
        event: null,
        advertiserTransactionId: null,
        payout: '10.00',
        revenue: '15.00',
        currency: 'USD',
        originalPayout: null,
        originalCurrency: null,
        duplicate: false,
      });
      expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);

      const read = await t.get(`/api/conversions/${res.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.statusHistory).toEqual([
        {
          fromStatus: null,
          toStatus: 'approved',
          rejectionReason: null,
          source: 'api',
          changedAt: expect.any(String),
        },
      ]);
    });

    it('takes status, event, money and advertiser transaction id from the request', async () => {
      const transactionId = await clickOn(t, net);
      const body = await createConversion(t, {
        transactionId,
        status: 'pending',
        event: 'deposit',
        payout: 3.5,
        revenue: '4.1234',
        advertiserTransactionId: 'order-1',
      });
      expect(body).toMatchObject({
        status: 'pending',
        event: 'deposit',
        payout: '3.50',
        revenue: '4.1234',
        advertiserTransactionId: 'order-1',
      });
    });

    it('keeps a rejection reason for a rejected conversion only', async () => {
      const rejected = await createConversion(t, {
        transactionId: await clickOn(t, net),
        status: 'rejected',
        rejectionReason: 'fraud',
      });
      expect(rejected.rejectionReason).toBe('fraud');
      const approved = await createConversion(t, {
        transactionId: await clickOn(t, net),
        rejectionReason: 'fraud',
      });
      expect(approved.rejectionReason).toBeNull();
    });

    it('answers an identical repeat as a duplicate and changes nothing', async () => {
      const transactionId = await clickOn(t, net);
      const first = await createConversion(t, { transactionId, event: 'reg', payout: '1' });
      const again = await t.post('/api/conversions', {
        transactionId,
        event: 'reg',
        payout: '2',
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: first.id, duplicate: true, payout: '1.00' });
      expect(await conversionRows(t, transactionId)).toHaveLength(1);
      expect(await history(first.id)).toHaveLength(1);
    });

    it('updates the conversion when the same identity comes with another status', async () => {
      const transactionId = await clickOn(t, net);
      const first = await createConversion(t, { transactionId, status: 'pending' });
      const again = await t.post('/api/conversions', {
        transactionId,
        status: 'rejected',
        rejectionReason: 'duplicate lead',
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        id: first.id,
        status: 'rejected',
        rejectionReason: 'duplicate lead',
        duplicate: false,
      });
      expect(await history(first.id)).toMatchObject([
        { fromStatus: null, toStatus: 'pending', source: 'api' },
        { fromStatus: 'pending', toStatus: 'rejected', rejectionReason: 'duplicate lead' },
      ]);
      expect(await conversionRows(t, transactionId)).toHaveLength(1);
    });

    it('refuses a repeat whose status change is not allowed', async () => {
      const transactionId = await clickOn(t, net);
      await createConversion(t, { transactionId });
      const res = await t.post('/api/conversions', { transactionId, status: 'pending' });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('invalid_status_transition');
    });

    it('makes a new conversion for a new advertiser transaction id or event (rebills)', async () => {
      const transactionId = await clickOn(t, net);
      const a = await createConversion(t, { transactionId, advertiserTransactionId: 'dep-1' });
      const b = await createConversion(t, { transactionId, advertiserTransactionId: 'dep-2' });
      const base = await createConversion(t, { transactionId });
      const event = await createConversion(t, { transactionId, event: 'deposit' });
      expect(new Set([a.id, b.id, base.id, event.id]).size).toBe(4);
      expect(await conversionRows(t, transactionId)).toHaveLength(4);
    });

    it('never creates two conversions from parallel identical requests', async () => {
      const transactionId = await clickOn(t, net);
      const body = { transactionId, advertiserTransactionId: 'same', payout: '5' };
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => t.post('/api/conversions', body)),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(responses.filter((r) => r.body.duplicate === true)).toHaveLength(9);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(await conversionRows(t, transactionId)).toHaveLength(1);
      const [{ n }] = await t.query(
        `SELECT count(*)::int AS n FROM conversion_status_changes WHERE conversion_id = $1`,
        [responses[0].body.id],
      );
      expect(n).toBe(1);
    });

    it('answers 404 transaction_id_not_found for an unknown click', async () => {
      const res = await t.post('/api/conversions', { transactionId: 'no-such-click' });
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('transaction_id_not_found');
    });

    it('keeps 8 decimals exactly and refuses what it cannot read (strict, unlike the S2S URL)', async () => {
      const transactionId = await clickOn(t, net);
      for (const [field, value] of [
        ['payout', '1.123456789'],
        ['payout', '12,50'],
        ['revenue', 'abc'],
        ['revenue', ''],
      ]) {
        const res = await t.post('/api/conversions', { transactionId, [field]: value });
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('validation_failed');
        expect(res.body.details).toEqual([expect.objectContaining({ field })]);
      }
      expect(await conversionRows(t, transactionId)).toHaveLength(0);

      const exact = await createConversion(t, {
        transactionId,
        payout: '0.12345678',
        revenue: '99999999.00000001',
      });
      expect(exact).toMatchObject({ payout: '0.12345678', revenue: '99999999.00000001' });
      expect(await conversionRows(t, transactionId)).toMatchObject([
        { payout: '0.12345678', revenue: '99999999.00000001' },
      ]);
    });

    it('takes a JSON number only when it reads exactly, else asks for a decimal string', async () => {
      const transactionId = await clickOn(t, net);
      // Raw JSON: 12345678901.12345678 parses to a double that prints 12345678901.123457.
      for (const [field, number] of [
        ['payout', '12345678901.12345678'],
        ['revenue', '1e-7'],
      ]) {
        const res = await t.post(
          '/api/conversions',
          `{"transactionId": "${transactionId}", "${field}": ${number}}`,
        );
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: 'validation_failed' });
        expect(res.body.details).toEqual([
          expect.objectContaining({ field, message: expect.stringContaining('decimal string') }),
        ]);
      }
      expect(await conversionRows(t, transactionId)).toHaveLength(0);

      const fromString = await t.post(
        '/api/conversions',
        `{"transactionId": "${transactionId}", "payout": "12345678901.12345678", "revenue": 12345678901.1234}`,
      );
      expect(fromString.status).toBe(201);
      expect(fromString.body).toMatchObject({
        payout: '12345678901.12345678',
        revenue: '12345678901.1234',
      });
    });

    it('names the invalid fields', async () => {
      const transactionId = await clickOn(t, net);
      const res = await t.post('/api/conversions', {
        transactionId,
        status: 'sale',
        payout: '-1',
        currency: 'XX',
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation_failed');
      const fields = res.body.details.map((d: any) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['status', 'payout', 'currency']));
      expect((await t.post('/api/conversions', {})).body.details[0].field).toBe('transactionId');
    });
  });

  describe('PATCH /api/conversions/:id', () => {
    const patch = (id: string, body: unknown, key?: string) =>
      t.patch(`/api/conversions/${id}`, body, { key });

    it('applies every allowed transition and records it', async () => {
      const created = await createConversion(t, {
        transactionId: await clickOn(t, net),
        status: 'pending',
      });
      const approved = await patch(created.id, { status: 'approved' });
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('approved');

      const chargeback = await patch(created.id, { status: 'rejected', rejectionReason: 'cb' });
      expect(chargeback.body).toMatchObject({ status: 'rejected', rejectionReason: 'cb' });

      const revived = await patch(created.id, { status: 'approved' });
      expect(revived.body).toMatchObject({ status: 'approved', rejectionReason: null });
      expect(revived.body.statusHistory).toMatchObject([
        { fromStatus: null, toStatus: 'pending', source: 'api' },
        { fromStatus: 'pending', toStatus: 'approved', source: 'patch' },
        { fromStatus: 'approved', toStatus: 'rejected', rejectionReason: 'cb', source: 'patch' },
        { fromStatus: 'rejected', toStatus: 'approved', rejectionReason: null, source: 'patch' },
      ]);

      const other = await createConversion(t, {
        transactionId: await clickOn(t, net),
        status: 'pending',
      });
      const rejected = await patch(other.id, { status: 'rejected' }, net.advertiserKey);
      expect(rejected.status).toBe(200);
      expect(rejected.body.status).toBe('rejected');
    });

    it('refuses the transitions outside the rules with 409', async () => {
      const approved = await createConversion(t, { transactionId: await clickOn(t, net) });
      const back = await patch(approved.id, { status: 'pending' });
      expect(back.status).toBe(409);
      expect(back.body.error).toBe('invalid_status_transition');

      const rejected = await createConversion(t, {
        transactionId: await clickOn(t, net),
        status: 'rejected',
      });
      expect((await patch(rejected.id, { status: 'pending' })).status).toBe(409);
      // rejected → approved is the network's call only
      const byAdvertiser = await patch(rejected.id, { status: 'approved' }, net.advertiserKey);
      expect(byAdvertiser.status).toBe(409);
      expect(byAdvertiser.body.error).toBe('invalid_status_transition');
      expect((await t.get(`/api/conversions/${rejected.id}`)).body.status).toBe('rejected');
      expect((await patch(rejected.id, { status: 'approved' })).status).toBe(200);
      expect(await history(rejected.id)).toHaveLength(2);
    });

    it('treats the same status as no change', async () => {
      const created = await createConversion(t, { transactionId: await clickOn(t, net) });
      const same = await patch(created.id, { status: 'approved' });
      expect(same.status).toBe(200);
      expect(same.body.statusHistory).toHaveLength(1);
    });

    it('changes money without a status change and without a history entry', async () => {
      const created = await createConversion(t, { transactionId: await clickOn(t, net) });
      const res = await patch(created.id, { payout: '7.25', revenue: 9 });
      expect(res.body).toMatchObject({ payout: '7.25', revenue: '9.00', status: 'approved' });
      expect(res.body.statusHistory).toHaveLength(1);
    });

    it('answers 404 for unknown ids, 400 for malformed ones, 403 for publishers', async () => {
      const unknown = await patch('01890a5d-ac96-774b-bcce-b302099a8057', { status: 'rejected' });
      expect(unknown.status).toBe(404);
      const malformed = await patch('42', { status: 'rejected' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toBe('invalid_id');
      const created = await createConversion(t, { transactionId: await clickOn(t, net) });
      expect((await patch(created.id, { status: 'rejected' }, net.publisherKey)).status).toBe(403);
      expect((await patch(created.id, { status: 'refunded' })).body.error).toBe(
        'validation_failed',
      );
    });
  });

  describe('delivery seam', () => {
    // Clicks schedule through the same seam; only conversion triggers are counted here.
    function spyOnScheduler() {
      const scheduler = t.app.get(DeliveryScheduler);
      const triggers: DeliveryTrigger[] = [];
      let inTransaction = true;
      const plan = scheduler.plan.bind(scheduler);
      jest.spyOn(scheduler, 'plan').mockImplementation(async (given) => {
        const conversions = given.filter((g) => g.kind === 'conversion');
        if (conversions.length === 0) return plan(given);
        triggers.push(...conversions);
        return { rows: [], scheduled: [] };
      });
      // A new conversion is written with its deliveries in one statement; a status change
      // schedules in the transaction that writes it.
      const schedule = scheduler.scheduleInTransaction.bind(scheduler);
      jest.spyOn(scheduler, 'scheduleInTransaction').mockImplementation(async (manager, given) => {
        if (given.some((g) => g.kind === 'conversion'))
          inTransaction &&= manager.queryRunner?.isTransactionActive === true;
        return schedule(manager, given);
      });
      const enqueue = jest.spyOn(scheduler, 'enqueueAfterCommit');
      return { triggers, enqueue, inTransaction: () => inTransaction };
    }

    it('schedules in the write transaction on creation and status changes, never for duplicates', async () => {
      const transactionId = await clickOn(t, net);
      const spy = spyOnScheduler();
      const created = await createConversion(t, { transactionId, status: 'pending' });
      await t.post('/api/conversions', { transactionId, status: 'pending' }); // duplicate
      expect(spy.enqueue).toHaveBeenCalledTimes(1);
      expect(await conversionRows(t, transactionId)).toHaveLength(1);
      await t.patch(`/api/conversions/${created.id}`, { status: 'approved' });
      await t.patch(`/api/conversions/${created.id}`, { payout: '1' }); // no status change

      expect(spy.enqueue).toHaveBeenCalledTimes(2);
      expect(spy.inTransaction()).toBe(true);
      expect(spy.triggers.at(0)).toMatchObject({
        kind: 'conversion',
        conversion: { id: created.id, status: 'pending' },
        click: { transactionId, publisherId: net.publisher.id },
        offer: { id: net.offer.id },
      });
      expect(spy.triggers.at(-1)).toMatchObject({
        kind: 'conversion',
        conversion: { id: created.id, status: 'approved' },
        click: { transactionId },
        offer: { id: net.offer.id },
      });
    });

    it('stores no conversion when its deliveries cannot be stored', async () => {
      const refusing = await networkWithUnstorableDeliveries(t);
      const transactionId = await clickOn(t, refusing);
      const res = await t.post('/api/conversions', { transactionId });
      expect(res.status).toBe(500);
      expect(await conversionRows(t, transactionId)).toHaveLength(0);
    });
  });

  describe('reading and scope', () => {
    it('scopes conversions to the caller: admin all, advertiser its offers, publisher its own', async () => {
      const other = await createNetwork(t);
      const mine = await createConversion(t, { transactionId: await clickOn(t, net) });
      const theirs = await createConversion(t, { transactionId: await clickOn(t, other) });

      const adminIds = (await t.get('/api/conversions?limit=500')).body.items.map((c: any) => c.id);
      expect(adminIds).toEqual(expect.arrayContaining([mine.id, theirs.id]));

      for (const key of [net.advertiserKey, net.publisherKey]) {
        const list = await t.get('/api/conversions?limit=500', { key });
        expect(list.status).toBe(200);
        const ids = list.body.items.map((c: any) => c.id);
        expect(ids).toContain(mine.id);
        expect(ids).not.toContain(theirs.id);
        expect((await t.get(`/api/conversions/${theirs.id}`, { key })).status).toBe(404);
        expect((await t.get(`/api/conversions/${mine.id}`, { key })).status).toBe(200);
      }
      const patchTheirs = await t.patch(
        `/api/conversions/${theirs.id}`,
        { status: 'rejected' },
        { key: net.advertiserKey },
      );
      expect(patchTheirs.status).toBe(404);
    });

    it('never shows publishers the revenue or the advertiser side', async () => {
      const created = await createConversion(t, { transactionId: await clickOn(t, net) });
      const one = await t.get(`/api/conversions/${created.id}`, { key: net.publisherKey });
      const [listed] = (
        await t.get(`/api/conversions?transactionId=${created.transactionId}`, {
          key: net.publisherKey,
        })
      ).body.items;
      for (const view of [one.body, listed]) {
        expect(view).toMatchObject({ id: created.id, payout: '10.00', currency: 'USD' });
        for (const hidden of ['revenue', 'advertiserId', 'originalRevenue', 'originalPayout'])
          expect(view).not.toHaveProperty(hidden);
      }
      const asAdvertiser = await t.get(`/api/conversions/${created.id}`, {
        key: net.advertiserKey,
      });
      expect(asAdvertiser.body).toMatchObject({
        revenue: '15.00',
        advertiserId: net.advertiser.id,
      });
      expect(asAdvertiser.body).not.toHaveProperty('payout');
    });

    it('lets an advertiser report only for clicks on its own offers', async () => {
      const other = await createNetwork(t);
      const transactionId = await clickOn(t, other);
      const res = await t.post('/api/conversions', { transactionId }, { key: net.advertiserKey });
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('transaction_id_not_found');
      expect(await conversionRows(t, transactionId)).toHaveLength(0);

      const own = await t.post(
        '/api/conversions',
        { transactionId: await clickOn(t, net) },
        { key: net.advertiserKey },
      );
      expect(own.status).toBe(201);
      expect(
        (await t.post('/api/conversions', { transactionId }, { key: net.publisherKey })).status,
      ).toBe(403);
    });

    it('filters and pages newest first', async () => {
      const n = await createNetwork(t);
      const clicks = [await clickOn(t, n), await clickOn(t, n), await clickOn(t, n)];
      const created = [];
      for (const [i, transactionId] of clicks.entries())
        created.push(
          await createConversion(t, { transactionId, status: i === 1 ? 'pending' : 'approved' }),
        );

      const byOffer = await t.get(`/api/conversions?offerId=${n.offer.id}`);
      expect(byOffer.body.items.map((c: any) => c.id)).toEqual(created.map((c) => c.id).reverse());
      const byPublisher = await t.get(
        `/api/conversions?publisherId=${n.publisher.id}&status=pending`,
      );
      expect(byPublisher.body.items.map((c: any) => c.id)).toEqual([created[1].id]);
      const byClick = await t.get(`/api/conversions?transactionId=${clicks[2]}`);
      expect(byClick.body.items.map((c: any) => c.id)).toEqual([created[2].id]);

      const page1 = await t.get(`/api/conversions?offerId=${n.offer.id}&limit=2`);
      expect(page1.body.items).toHaveLength(2);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await t.get(
        `/api/conversions?offerId=${n.offer.id}&limit=2&cursor=${page1.body.nextCursor}`,
      );
      expect(page2.body.items.map((c: any) => c.id)).toEqual([created[0].id]);
      expect(page2.body.nextCursor).toBeNull();

      const future = new Date(Date.now() + 3_600_000).toISOString();
      const past = new Date(Date.now() - 3_600_000).toISOString();
      expect(
        (await t.get(`/api/conversions?offerId=${n.offer.id}&from=${future}`)).body.items,
      ).toEqual([]);
      expect(
        (await t.get(`/api/conversions?offerId=${n.offer.id}&from=${past}&to=${future}`)).body
          .items,
      ).toHaveLength(3);
      expect((await t.get('/api/conversions?from=yesterday')).status).toBe(400);
    });
  });

  describe('currency', () => {
    it('sets and lists rates; admin only; validates code and rate', async () => {
      const put = await t.call('PUT', '/api/currency-rates/eur', { body: { rate: '1.08' } });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ code: 'EUR', rate: '1.08' });
      const list = await t.get('/api/currency-rates');
      expect(list.body.baseCurrency).toBe('USD');
      expect(list.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'EUR', rate: '1.08' })]),
      );
      const again = await t.call('PUT', '/api/currency-rates/EUR', { body: { rate: 1.1 } });
      expect(again.body.rate).toBe('1.1');

      const advertiserPut = await t.call('PUT', '/api/currency-rates/GBP', {
        body: { rate: '1.2' },
        key: net.advertiserKey,
      });
      expect(advertiserPut.status).toBe(403);
      for (const rate of ['0', '-1', 'abc', '1.12345678901'])
        expect(
          (await t.call('PUT', '/api/currency-rates/GBP', { body: { rate } })).body.error,
        ).toBe('validation_failed');
      expect((await t.call('PUT', '/api/currency-rates/XYZ', { body: { rate: '1' } })).status).toBe(
        400,
      );
      expect((await t.call('PUT', '/api/currency-rates/USD', { body: { rate: '1' } })).status).toBe(
        400,
      );
    });

    it('converts amounts reported in another currency and keeps the originals', async () => {
      await t.call('PUT', '/api/currency-rates/EUR', { body: { rate: '1.08' } });
      const transactionId = await clickOn(t, net);
      const res = await createConversion(t, { transactionId, payout: '12.5', currency: 'eur' });
      expect(res).toMatchObject({
        currency: 'USD',
        payout: '13.50',
        originalPayout: '12.50',
        originalCurrency: 'EUR',
        revenue: '15.00', // the offer's, not reported, so not converted
        originalRevenue: null,
      });
      const [row] = await t.query(
        `SELECT payout::text AS p, original_payout::text AS op FROM conversions WHERE id = $1`,
        [res.id],
      );
      expect(row).toEqual({ p: '13.50', op: '12.50' }); // as written: numeric, checked to 8 decimals
    });

    it('converts into a non-base offer currency through the base', async () => {
      await t.call('PUT', '/api/currency-rates/EUR', { body: { rate: '1.08' } });
      await t.call('PUT', '/api/currency-rates/GBP', { body: { rate: '1.27' } });
      const eurNet = await createNetwork(t, { currency: 'EUR' });
      const res = await createConversion(t, {
        transactionId: await clickOn(t, eurNet),
        revenue: '100',
        currency: 'GBP',
      });
      expect(res).toMatchObject({
        currency: 'EUR',
        revenue: '117.59259259', // 117.592592592… to 8 decimals, half-even
        originalRevenue: '100.00',
        originalCurrency: 'GBP',
      });
      const fromBase = await createConversion(t, {
        transactionId: await clickOn(t, eurNet),
        payout: '10.80',
        currency: 'USD',
      });
      expect(fromBase).toMatchObject({ payout: '10.00', originalPayout: '10.80' });
    });

    it('refuses a currency without a rate', async () => {
      const transactionId = await clickOn(t, net);
      const res = await t.post('/api/conversions', { transactionId, payout: '1', currency: 'JPY' });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('unknown_currency');
      expect(await conversionRows(t, transactionId)).toHaveLength(0);
    });
  });

  it('shows another publisher none of these conversions', async () => {
    const created = await createConversion(t, { transactionId: await clickOn(t, net) });
    const strangerPublisher = await t.post('/api/publishers', { name: 'Stranger' });
    const key = await createKey(t, { role: 'publisher', publisherId: strangerPublisher.body.id });
    expect((await t.get(`/api/conversions/${created.id}`, { key })).status).toBe(404);
    expect((await t.get('/api/conversions', { key })).body.items).toEqual([]);
  });
});
