import { timeOrderedToken } from '../src/common/ids';
import {
  clickOn,
  createConversion,
  createNetwork,
  intakeGet,
  Network,
} from './helpers/conversion-fixtures';
import { createRuleOn } from './helpers/postback-fixtures';
import { ApiResponse, TestApp } from './helpers/test-app';

const NUL = '\u0000';

// SPEC §3: bad input is a 4xx in the error shape with the failing field named, never a 5xx.
function expect400Naming(res: ApiResponse, field: string, label: string): void {
  expect({ label, status: res.status }).toEqual({ label, status: 400 });
  expect({ label, fields: res.body.details.map((d: { field?: string }) => d.field) }).toEqual({
    label,
    fields: expect.arrayContaining([field]),
  });
}

describe('Bad input on the management API is a 400 naming the field (e2e)', () => {
  let t: TestApp;
  let network: Network;
  let rule: any;
  let conversion: any;

  const LISTS = [
    '/api/advertisers',
    '/api/offers',
    '/api/publishers',
    '/api/clicks',
    '/api/impressions',
    '/api/conversions',
    '/api/intake-logs',
    '/api/postbacks',
    '/api/postback-logs',
  ];

  beforeAll(async () => {
    t = await TestApp.start({ POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' });
    network = await createNetwork(t);
    rule = await createRuleOn(t, network, {
      type: 'conversion',
      url: 'http://127.0.0.1:9/pb?tid={transaction_id}',
      enabled: false,
    });
    conversion = await createConversion(t, { transactionId: await clickOn(t, network) });
  });
  afterAll(() => t.stop());

  it('refuses a NUL character in any JSON field, list entry, map key or value', async () => {
    const rules = `/api/postbacks`;
    const ruleBody = {
      name: 'R',
      type: 'conversion',
      publisherId: network.publisher.id,
      url: 'https://t.example/pb?c={transaction_id}',
    };
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/advertisers', { name: `a${NUL}b` }, 'name'],
      ['PATCH', `/api/advertisers/${network.advertiser.id}`, { name: `a${NUL}` }, 'name'],
      ['POST', '/api/publishers', { name: `${NUL}` }, 'name'],
      ['PATCH', `/api/publishers/${network.publisher.id}`, { name: `p${NUL}` }, 'name'],
      [
        'POST',
        '/api/offers',
        {
          name: `o${NUL}`,
          advertiserId: network.advertiser.id,
          url: 'https://adv.example/',
          payout: '1',
          revenue: '2',
          currency: 'USD',
        },
        'name',
      ],
      ['PATCH', `/api/offers/${network.offer.id}`, { name: `o${NUL}` }, 'name'],
      ['POST', '/api/api-keys', { name: `k${NUL}`, role: 'admin' }, 'name'],
      ['POST', '/api/conversions', { transactionId: `t${NUL}` }, 'transactionId'],
      [
        'POST',
        '/api/conversions',
        { transactionId: 'x', advertiserTransactionId: `a${NUL}` },
        'advertiserTransactionId',
      ],
      ['POST', '/api/conversions', { transactionId: 'x', event: `e${NUL}` }, 'event'],
      [
        'PATCH',
        `/api/conversions/${conversion.id}`,
        { status: 'rejected', rejectionReason: `r${NUL}` },
        'rejectionReason',
      ],
      ['POST', rules, { ...ruleBody, name: `n${NUL}` }, 'name'],
      ['POST', rules, { ...ruleBody, headers: { 'X-A': `v${NUL}` } }, 'headers.X-A'],
      ['POST', rules, { ...ruleBody, headers: { [`X-${NUL}`]: 'v' } }, 'headers.X-\\u0000'],
      ['POST', rules, { ...ruleBody, body: `b${NUL}`, method: 'POST' }, 'body'],
      ['POST', rules, { ...ruleBody, rejectionReasons: ['ok', `r${NUL}`] }, 'rejectionReasons.1'],
      ['POST', rules, { ...ruleBody, events: [`e${NUL}`] }, 'events.0'],
      ['POST', rules, { ...ruleBody, statusMap: { approved: `a${NUL}` } }, 'statusMap.approved'],
      ['PATCH', `${rules}/${rule.id}`, { name: `n${NUL}` }, 'name'],
      ['PATCH', `${rules}/${rule.id}`, { statusMap: { [`x${NUL}`]: 'a' } }, 'statusMap.x\\u0000'],
      ['POST', `${rules}/preview`, { ...ruleBody, sample: { sub1: `s${NUL}` } }, 'sample.sub1'],
      ['POST', `${rules}/${rule.id}/test`, { sample: { sub1: `s${NUL}` } }, 'sample.sub1'],
      ['POST', `${rules}/${rule.id}/test`, { sample: { status: `s${NUL}` } }, 'sample.status'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await t.call(method, path, { body });
      expect400Naming(res, field, `${method} ${path} ${field}`);
      expect(res.body.error).toBe('validation_failed');
    }
    // Nothing was written by any of them.
    const [names] = await t.query(
      `SELECT (SELECT count(*) FROM advertisers WHERE name LIKE 'a%')::int AS advertisers,
              (SELECT count(*) FROM postbacks)::int AS postbacks`,
    );
    expect(names).toEqual({ advertisers: 0, postbacks: 1 });
  });

  it('refuses a NUL character in any query parameter of a list', async () => {
    const cases: [string, string][] = [
      ['/api/clicks?externalTransactionId=a%00b', 'externalTransactionId'],
      ['/api/conversions?transactionId=%00', 'transactionId'],
      ['/api/postback-logs?transactionId=x%00', 'transactionId'],
      ['/api/postback-logs?externalTransactionId=%00', 'externalTransactionId'],
      ['/api/postback-logs/export?transactionId=%00', 'transactionId'],
      ...LISTS.map((list): [string, string] => [`${list}?cursor=%00`, 'cursor']),
    ];
    for (const [path, field] of cases) expect400Naming(await t.get(path), field, path);
  });

  it('answers a NUL character in a path parameter with a 4xx', async () => {
    for (const [method, path] of [
      ['GET', '/api/clicks/a%00b'],
      ['GET', '/api/impressions/%00'],
      ['GET', '/api/conversions/%00'],
      ['GET', '/api/postback-logs/%00'],
      ['GET', '/api/advertisers/1%00'],
      ['PUT', '/api/currency-rates/%00'],
    ]) {
      const res = await t.call(method, path, {
        body: method === 'PUT' ? { rate: '1' } : undefined,
      });
      const answer = { path, is4xx: res.status >= 400 && res.status < 500, error: res.body.error };
      expect(answer).toEqual({ path, is4xx: true, error: expect.any(String) });
    }
  });

  it('refuses a forged, undecodable or out-of-range cursor on every list', async () => {
    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    const anyList = [
      '!!!!', // not base64url at all
      b64('12') + '!', // junk Node's decoder would silently skip
      b64('12').slice(0, -1) + 'z', // not what encoding any key gives
      b64('1 OR 1=1'),
      b64('\u00ff\u00fe'),
      'AP8', // bytes that are not UTF-8
    ];
    const int = [b64('99999999999'), b64('0'), b64('-5'), b64('1.5'), b64('7'.repeat(30))];
    const uuid = [b64('not-a-uuid'), b64('12'), b64('7'.repeat(30))];
    const token = [b64('-5'), b64('x'.repeat(31)), b64('x'.repeat(29))];
    const byList: Record<string, string[]> = {
      '/api/advertisers': int,
      '/api/offers': int,
      '/api/publishers': int,
      '/api/postbacks': int,
      '/api/intake-logs': [b64('9'.repeat(20)), b64('0'), b64('x'), b64('7'.repeat(30))],
      '/api/conversions': uuid,
      '/api/postback-logs': uuid,
      '/api/clicks': token,
      '/api/impressions': token,
    };
    expect(Object.keys(byList).sort()).toEqual([...LISTS].sort());
    for (const list of LISTS) {
      for (const cursor of [...anyList, ...byList[list]]) {
        const res = await t.get(`${list}?cursor=${encodeURIComponent(cursor)}`);
        expect400Naming(res, 'cursor', `${list} cursor=${cursor}`);
        expect(res.body.error).toBe('invalid_cursor');
      }
    }
  });

  it('still follows the cursors it hands out on every list', async () => {
    // A second page on every list: two of everything, a delivery and an intake log.
    const second = await createNetwork(t);
    await createConversion(t, { transactionId: await clickOn(t, second) });
    await t.query(
      `INSERT INTO impressions (id, offer_id, publisher_id) VALUES ($1, $2, $3), ($4, $2, $3)`,
      [timeOrderedToken(), network.offer.id, network.publisher.id, timeOrderedToken()],
    );
    await createRuleOn(t, second, { type: 'conversion', url: 'http://127.0.0.1:9/a' });
    await t.post(`/api/postbacks/${rule.id}/test`, {});
    await t.post(`/api/postbacks/${rule.id}/test`, {});
    await intakeGet(t, network.advertiser.postbackKey, { clickid: 'nope' });
    await intakeGet(t, network.advertiser.postbackKey, { clickid: 'nope2' });
    for (const list of LISTS) {
      const first = await t.get(`${list}?limit=1`);
      expect({ list, status: first.status }).toEqual({ list, status: 200 });
      expect({ list, cursor: first.body.nextCursor }).toEqual({ list, cursor: expect.any(String) });
      const next = await t.get(`${list}?limit=1&cursor=${first.body.nextCursor}`);
      expect({ list, status: next.status, items: next.body.items.length }).toEqual({
        list,
        status: 200,
        items: 1,
      });
      expect(next.body.items[0]).not.toEqual(first.body.items[0]);
    }
  });

  it('refuses a test sample whose status is longer than a status can be, or not a text value', async () => {
    const path = `/api/postbacks/${rule.id}/test`;
    const testFires = async () =>
      (await t.query(`SELECT count(*)::int AS n FROM deliveries WHERE test`))[0].n;
    const before = await testFires();
    expect400Naming(
      await t.post(path, { sample: { status: 'x'.repeat(17) } }),
      'sample.status',
      'long status',
    );
    expect400Naming(
      await t.post(path, { sample: { raw_status: 'x'.repeat(40) } }),
      'sample.raw_status',
      'long raw_status',
    );
    expect400Naming(await t.post(path, { sample: { sub1: { a: 1 } } }), 'sample.sub1', 'object');
    expect400Naming(
      await t.post(path, { sample: { sub1: 'x'.repeat(5000) } }),
      'sample.sub1',
      'long',
    );
    expect(await testFires()).toBe(before);
    // Within the limits it fires.
    const ok = await t.post(path, { sample: { status: 'rejected', sub1: 'x'.repeat(4096) } });
    expect(ok.status).toBe(201);
    expect(ok.body.status).toBe('rejected');
  });

  it('refuses null for a field that cannot be empty on every PATCH', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [`/api/advertisers/${network.advertiser.id}`, { name: null }, 'name'],
      [`/api/advertisers/${network.advertiser.id}`, { status: null }, 'status'],
      [`/api/publishers/${network.publisher.id}`, { name: null }, 'name'],
      [`/api/publishers/${network.publisher.id}`, { status: null }, 'status'],
      [`/api/offers/${network.offer.id}`, { name: null }, 'name'],
      [`/api/offers/${network.offer.id}`, { url: null }, 'url'],
      [`/api/offers/${network.offer.id}`, { payout: null }, 'payout'],
      [`/api/offers/${network.offer.id}`, { currency: null }, 'currency'],
      [`/api/offers/${network.offer.id}`, { advertiserId: null }, 'advertiserId'],
      [`/api/offers/${network.offer.id}`, { status: null }, 'status'],
      [`/api/postbacks/${rule.id}`, { name: null }, 'name'],
      [`/api/postbacks/${rule.id}`, { url: null }, 'url'],
      [`/api/conversions/${conversion.id}`, { status: null }, 'status'],
      [`/api/conversions/${conversion.id}`, { payout: null }, 'payout'],
      [`/api/conversions/${conversion.id}`, { revenue: null }, 'revenue'],
    ];
    for (const [path, body, field] of cases) {
      expect400Naming(await t.patch(path, body), field, `PATCH ${path} ${field}`);
    }
    expect((await t.get(`/api/advertisers/${network.advertiser.id}`)).body.name).toBe('Adv');
    expect((await t.get(`/api/offers/${network.offer.id}`)).body.payout).toBe('10.00');
  });
});
