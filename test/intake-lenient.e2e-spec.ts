import {
  clickOn,
  conversionRows,
  createNetwork,
  intakeGet,
  intakePath,
  intakePostForm,
  Network,
} from './helpers/conversion-fixtures';
import { createRule } from './helpers/postback-fixtures';
import { Receiver } from './helpers/receiver';
import { TestApp } from './helpers/test-app';

// Loopback opened for the receiver.
const ENV = { POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' };

// The offer's defaults (test/helpers/fixtures.ts), used when a reported amount can't be read.
const OFFER = { payout: '10.00', revenue: '15.00' };

// SPEC §5.2: a conversion is never lost over formatting. Each report below is recorded, with
// the amounts it should have, the warnings in the intake log, and the postback it fires.
describe('S2S intake reads leniently (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let net: Network;

  beforeAll(async () => {
    t = await TestApp.start(ENV);
    receiver = await Receiver.start();
    net = await createNetwork(t);
    // Network-level, so {revenue} is available too.
    await createRule(t, {
      type: 'conversion',
      publisherId: null,
      offerIds: [net.offer.id],
      url: receiver.url('/conv?c={transaction_id}&p={payout}&r={revenue}&cur={currency}'),
    });
    const rate = await t.call('PUT', '/api/currency-rates/EUR', { body: { rate: '1.08' } });
    expect(rate.status).toBe(200);
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  const key = () => net.advertiser.postbackKey;

  async function logOf(transactionId: string): Promise<any> {
    const logs = await t.get(`/api/intake-logs?advertiserId=${net.advertiser.id}&limit=500`);
    const mine = logs.body.items.filter((l: any) => l.rawQuery.includes(transactionId));
    expect(mine).toHaveLength(1);
    return mine[0];
  }

  async function conversionOf(transactionId: string): Promise<any> {
    const list = await t.get(`/api/conversions?transactionId=${transactionId}`);
    expect(list.body.items).toHaveLength(1);
    return list.body.items[0];
  }

  // The query parameters of the postback the conversion fired.
  async function firedFor(transactionId: string): Promise<Record<string, string>> {
    const [fired] = await receiver.waitFor(`/conv?c=${transactionId}&`, 1);
    return Object.fromEntries(new URL(fired.target, receiver.origin).searchParams);
  }

  it.each([
    [
      'up to 8 decimals, kept exactly',
      { payout: '0.12345678', revenue: '1.5' },
      { payout: '0.12345678', revenue: '1.50' },
      [],
    ],
    [
      'more than 8 decimals, rounded half-even',
      { payout: '1.123456785', revenue: '2.1234567851' },
      { payout: '1.12345678', revenue: '2.12345679' },
      ['payout_rounded', 'revenue_rounded'],
    ],
    [
      'a float as the advertiser’s code printed it',
      { payout: '0.30000000000000004' },
      { payout: '0.30', revenue: OFFER.revenue },
      ['payout_rounded'],
    ],
    ['a lone decimal comma', { payout: '12,50' }, { payout: '12.50', revenue: OFFER.revenue }, []],
    [
      'a lone comma that could be a thousands separator',
      { payout: '1,234' },
      { payout: '1.234', revenue: OFFER.revenue },
      ['payout_comma_ambiguous'],
    ],
    [
      'letters',
      { payout: 'abc', revenue: '3' },
      { payout: OFFER.payout, revenue: '3.00' },
      ['payout_unparsed'],
    ],
    ['two points', { payout: '1.2.3' }, OFFER, ['payout_unparsed']],
    [
      'an empty amount',
      { payout: '', revenue: '' },
      OFFER,
      ['payout_unparsed', 'revenue_unparsed'],
    ],
    ['a NUL in an amount', { payout: '1\u00002' }, OFFER, ['payout_unparsed']],
    [
      'a currency with no rate',
      { payout: '5', revenue: '6', currency: 'CHF' },
      OFFER,
      ['currency_unknown'],
    ],
    ['not a currency at all', { payout: '5', currency: 'EURO' }, OFFER, ['currency_unknown']],
    [
      'a currency spelled out, past its 16 characters',
      { payout: '5', currency: 'United States Dollar' },
      OFFER,
      ['currency_unknown'],
    ],
    [
      'an amount past its 32 characters',
      { payout: `12.${'5'.repeat(30)}`, revenue: '3' },
      { payout: OFFER.payout, revenue: '3.00' },
      ['payout_unparsed'],
    ],
  ])('%s', async (_case, params, expected, warnings) => {
    const transactionId = await clickOn(t, net);
    const res = await intakeGet(t, key(), { clickid: transactionId, ...params });
    expect(res.status).toBe(200);
    expect(res.text).toBe('OK');

    const conversion = await conversionOf(transactionId);
    expect(conversion).toMatchObject({
      ...expected,
      currency: 'USD',
      originalPayout: null,
      originalRevenue: null,
      originalCurrency: null,
    });
    const log = await logOf(transactionId);
    expect(log).toMatchObject({ outcome: 'accepted', errorCode: null, warnings });
    expect(log.conversionId).toBe(conversion.id);
    // The raw text stays in the log.
    expect(log.rawQuery).toBe(
      new URLSearchParams({ clickid: transactionId, ...params }).toString(),
    );
    expect(await firedFor(transactionId)).toEqual({
      c: transactionId,
      p: expected.payout,
      r: expected.revenue,
      cur: 'USD',
    });
  });

  it('stores 8 decimals in the database', async () => {
    const transactionId = await clickOn(t, net);
    await intakeGet(t, key(), { clickid: transactionId, payout: '0,00000001' });
    expect(await conversionRows(t, transactionId)).toMatchObject([
      { payout: '0.00000001', revenue: '15.00' },
    ]);
  });

  it('converts a read amount from another currency at scale 8, half-even', async () => {
    const transactionId = await clickOn(t, net);
    // 10.12345678 × 1.08 = 10.9333333224 → 10.93333332; 2,5 → 2.50 × 1.08 = 2.70
    await intakeGet(t, key(), {
      clickid: transactionId,
      payout: '10.12345678',
      revenue: '2,5',
      currency: 'eur',
    });
    expect(await conversionOf(transactionId)).toMatchObject({
      payout: '10.93333332',
      revenue: '2.70',
      originalPayout: '10.12345678',
      originalRevenue: '2.50',
      originalCurrency: 'EUR',
    });
    expect((await logOf(transactionId)).warnings).toEqual([]);
    expect(await firedFor(transactionId)).toMatchObject({ p: '10.93333332', r: '2.70' });
  });

  it('cuts over-long free text to its column and records the conversion', async () => {
    const transactionId = await clickOn(t, net);
    const params = {
      clickid: transactionId,
      status: 'trash',
      tid: 't'.repeat(300),
      goal: 'g'.repeat(101),
      rejection_reason: 'r'.repeat(600),
      return: 'x'.repeat(257),
    };
    const res = await intakeGet(t, key(), params);
    expect(res.status).toBe(200);
    expect(res.text).toBe('x'.repeat(256));
    expect(await conversionOf(transactionId)).toMatchObject({
      status: 'rejected',
      advertiserTransactionId: 't'.repeat(256),
      event: 'g'.repeat(100),
      rejectionReason: 'r'.repeat(512),
    });
    const log = await logOf(transactionId);
    expect(log).toMatchObject({
      outcome: 'accepted',
      warnings: [
        'tid_truncated',
        'goal_truncated',
        'rejection_reason_truncated',
        'return_truncated',
      ],
    });
    // The raw text stays in the log, whole.
    expect(log.rawQuery).toBe(new URLSearchParams(params).toString());
  });

  it('keeps the reported amount when a later status change brings an unreadable one', async () => {
    const transactionId = await clickOn(t, net);
    await intakeGet(t, key(), { clickid: transactionId, status: 'lead', payout: '7' });
    const res = await intakeGet(t, key(), { clickid: transactionId, payout: 'n/a' });
    expect(res.status).toBe(200);
    expect(await conversionOf(transactionId)).toMatchObject({ status: 'approved', payout: '7.00' });
    expect(await firedFor(transactionId)).toMatchObject({ p: '7.00' });
    const logs = await t.get(`/api/intake-logs?advertiserId=${net.advertiser.id}&limit=2`);
    expect(logs.body.items.map((l: any) => l.warnings)).toEqual([['payout_unparsed'], []]);
  });

  describe('a NUL character (%00)', () => {
    it('in the click id or the status is a 400 naming it, and is logged', async () => {
      const transactionId = await clickOn(t, net);
      const cases: [Record<string, string>, string][] = [
        [{ clickid: `${transactionId}\u0000` }, 'clickid'],
        [{ transaction_id: '\u0000' }, 'transaction_id'],
        [{ clickid: transactionId, status: 'sale\u0000' }, 'status'],
        [
          { clickid: transactionId, status: 'paid', approved_status: 'paid\u0000' },
          'approved_status',
        ],
      ];
      for (const [params, field] of cases) {
        const res = await intakeGet(t, key(), params);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          statusCode: 400,
          error: 'validation_failed',
          details: [{ field, message: `${field} must not contain a NUL character (%00)` }],
        });
        const raw = new URLSearchParams(params).toString();
        expect(raw).toContain('%00');
        const [log] = await t.query(`SELECT * FROM intake_logs WHERE raw_query = $1`, [raw]);
        expect(log).toMatchObject({ outcome: 'refused', error_code: 'validation_failed' });
      }
      expect(await conversionRows(t, transactionId)).toHaveLength(0);
    });

    it('in free text is stripped and the conversion recorded, from a query or a form', async () => {
      const fromQuery = await clickOn(t, net);
      const res = await intakeGet(t, key(), {
        clickid: fromQuery,
        tid: 'or\u0000der-1',
        event: 'dep\u0000',
        return: 'thanks\u0000',
      });
      expect(res.status).toBe(200);
      expect(res.text).toBe('thanks');
      expect(await conversionRows(t, fromQuery)).toMatchObject([
        { advertiser_transaction_id: 'order-1', event: 'dep' },
      ]);
      expect((await logOf(fromQuery)).warnings).toEqual([
        'tid_nul_stripped',
        'event_nul_stripped',
        'return_nul_stripped',
      ]);

      const fromForm = await clickOn(t, net);
      const posted = await intakePostForm(t, key(), {
        subid: fromForm,
        status: 'trash',
        rejection_reason: 'fr\u0000aud',
      });
      expect(posted.status).toBe(200);
      expect(await conversionOf(fromForm)).toMatchObject({
        status: 'rejected',
        rejectionReason: 'fraud',
      });
      const log = await logOf(fromForm);
      expect(log.warnings).toEqual(['rejection_reason_nul_stripped']);
      expect(log.rawQuery).toBe(`\nsubid=${fromForm}&status=trash&rejection_reason=fr%00aud`);
    });

    it('in a JSON or plain-text body never costs the log line', async () => {
      const json = await clickOn(t, net);
      const viaJson = await t.call('POST', intakePath(key(), { clickid: json }), {
        key: null,
        body: { tid: 'a\u0000b', payout: '4\u0000' },
      });
      expect(viaJson.status).toBe(200);
      expect(await conversionRows(t, json)).toMatchObject([
        { advertiser_transaction_id: 'ab', payout: '10.00' },
      ]);
      expect(await logOf(json)).toMatchObject({
        warnings: ['tid_nul_stripped', 'payout_unparsed'],
        rawQuery: `clickid=${json}\ntid=a%00b&payout=4%00`,
      });

      // Plain text is not read for parameters, but it is logged, a NUL kept as %00.
      const text = await clickOn(t, net);
      const viaText = await t.call('POST', intakePath(key(), { clickid: text }), {
        key: null,
        body: 'status=sale\u0000',
        headers: { 'content-type': 'text/plain' },
      });
      expect(viaText.status).toBe(200);
      expect(await logOf(text)).toMatchObject({
        outcome: 'accepted',
        rawQuery: `clickid=${text}\nstatus=sale%00`,
      });
    });
  });
});
