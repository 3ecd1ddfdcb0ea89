import {
  CURRENT_TOKEN_FLOOR,
  legacyTokenFloor,
  timeOrderedToken,
  tokenFloor,
} from '../src/common/ids';
import { DeliveryScheduler } from '../src/postbacks/delivery/delivery-scheduler';
import { ClickWriter } from '../src/tracking/click-writer';
import { TrackingRetentionService } from '../src/tracking/tracking-retention.service';
import { TRANSPARENT_GIF } from '../src/tracking/transparent-gif';
import { createAdvertiser, createKey, createOffer, createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { Receiver } from './helpers/receiver';
import { TestApp } from './helpers/test-app';
import { clickPath, createClick, rawGet } from './helpers/tracking-fixtures';

const ALL_CLICK_MACROS =
  'https://adv.example/lp?t={transaction_id}&e={external_transaction_id}&s1={sub1}&s2={sub2}' +
  '&s3={sub3}&s4={sub4}&s5={sub5}&src={source}&o={offer_id}&on={offer_name}&p={aff_id}' +
  '&ip={ip}&ua={user_agent}&ct={click_time}&ts={timestamp}&r={random}';

const errorOf = (body: Buffer) => JSON.parse(body.toString('utf8'));

describe('Tracking (e2e)', () => {
  let t: TestApp;
  let advertiser: { id: number };
  let offer: { id: number };
  let publisher: { id: number };

  // A wider batching window makes "100 concurrent clicks share transactions" certain.
  beforeAll(async () => {
    // Requests come from loopback, which stands in for the network's load balancer.
    // Loopback is also opened for the click postbacks' receiver.
    t = await TestApp.start({
      CLICK_BATCH_WAIT_MS: '20',
      TRUST_PROXY: '127.0.0.1',
      POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
    });
    advertiser = await createAdvertiser(t);
    offer = await createOffer(t, advertiser.id);
    publisher = await createPublisher(t);
  });
  afterAll(() => t.stop());

  const clickCount = async (where: string, params: unknown[]) =>
    Number((await t.query(`SELECT count(*) AS n FROM clicks WHERE ${where}`, params))[0].n);

  describe('GET /click', () => {
    it('stores the click and redirects with every click macro rendered and encoded', async () => {
      const macroOffer = await createOffer(t, advertiser.id, {
        name: 'Été & "Sun" #1',
        url: ALL_CLICK_MACROS,
      });
      const userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Ünïcode/1.0';
      const path = clickPath({
        offerId: macroOffer.id,
        publisherId: publisher.id,
        externalTransactionId: 'ext id&x=1#frag',
        sub1: 'hello world',
        sub2: 'a&b=c',
        sub3: '#hash',
        sub4: 'ünïcödé 👍',
        sub5: 'a/b?c=d+e',
        source: '100%',
      });
      const response = await rawGet(t, `${path}&utm_campaign=junk&fbclid=xyz`, {
        'user-agent': userAgent,
        referer: 'https://pub.example/page?x=1',
        'x-forwarded-for': '203.0.113.7',
      });
      expect(response.status).toBe(302);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toHaveLength(0);

      const [row] = await t.query('SELECT * FROM clicks WHERE offer_id = $1', [macroOffer.id]);
      expect(row).toMatchObject({
        offer_id: macroOffer.id,
        publisher_id: publisher.id,
        external_transaction_id: 'ext id&x=1#frag',
        sub1: 'hello world',
        sub2: 'a&b=c',
        sub3: '#hash',
        sub4: 'ünïcödé 👍',
        sub5: 'a/b?c=d+e',
        source: '100%',
        ip: '203.0.113.7',
        user_agent: userAgent,
        referer: 'https://pub.example/page?x=1',
      });
      // A letter first: never '-' or '_', which spreadsheets and shells read as something else.
      expect(row.transaction_id).toMatch(/^[a-z][-0-9A-Za-z_]{29}$/);
      const seconds = Math.floor(new Date(row.created_at).getTime() / 1000);
      const location = String(response.headers.location);
      const random = /&r=(\d+)$/.exec(location)?.[1];
      expect(random).toBeDefined();
      expect(location).toBe(
        `https://adv.example/lp?t=${row.transaction_id}&e=ext%20id%26x%3D1%23frag` +
          '&s1=hello%20world&s2=a%26b%3Dc&s3=%23hash' +
          '&s4=%C3%BCn%C3%AFc%C3%B6d%C3%A9%20%F0%9F%91%8D&s5=a%2Fb%3Fc%3Dd%2Be&src=100%25' +
          `&o=${macroOffer.id}&on=%C3%89t%C3%A9%20%26%20%22Sun%22%20%231&p=${publisher.id}` +
          '&ip=203.0.113.7&ua=Mozilla%2F5.0%20%28X11%3B%20Linux%20x86_64%29%20%C3%9Cn%C3%AFcode%2F1.0' +
          `&ct=${seconds}&ts=${seconds}&r=${random}`,
      );
    });

    it('stores values verbatim whatever they contain, empty ones as null', async () => {
      const path = clickPath({
        offerId: offer.id,
        publisherId: publisher.id,
        externalTransactionId: 'verbatim-1',
        sub1: 'NULL',
        sub2: 'a"b\\c',
        sub3: '{x,y}',
        sub4: '  spaced  ',
        sub5: '',
      });
      const response = await rawGet(t, `${path}&source=first&source=second`);
      expect(response.status).toBe(302);
      const [row] = await t.query(
        `SELECT sub1, sub2, sub3, sub4, sub5, source FROM clicks WHERE external_transaction_id = 'verbatim-1'`,
      );
      expect(row).toEqual({
        sub1: 'NULL',
        sub2: 'a"b\\c',
        sub3: '{x,y}',
        sub4: '  spaced  ',
        sub5: null,
        source: 'first',
      });
    });

    it('accepts aff_click_id as the alias of external_transaction_id', async () => {
      const aliased = await rawGet(
        t,
        `/click?offer_id=${offer.id}&aff_id=${publisher.id}&aff_click_id=alias-1`,
      );
      expect(aliased.status).toBe(302);
      expect(await clickCount('external_transaction_id = $1', ['alias-1'])).toBe(1);

      const both = await rawGet(
        t,
        `/click?offer_id=${offer.id}&aff_id=${publisher.id}&aff_click_id=alias-2&external_transaction_id=canonical-2`,
      );
      expect(both.status).toBe(302);
      expect(await clickCount('external_transaction_id = $1', ['canonical-2'])).toBe(1);
      expect(await clickCount('external_transaction_id = $1', ['alias-2'])).toBe(0);
    });

    it('renders the default fixture URL, and createClick returns its transaction id', async () => {
      const click = await createClick(t, {
        offerId: offer.id,
        publisherId: publisher.id,
        externalTransactionId: 'helper-1',
      });
      expect(click.location).toBe(
        `https://adv.example/lp?click=${click.transactionId}&pub=${publisher.id}`,
      );
      const [row] = await t.query('SELECT * FROM clicks WHERE transaction_id = $1', [
        click.transactionId,
      ]);
      expect(row.external_transaction_id).toBe('helper-1');
    });

    it('answers 404 for an unknown offer or publisher and stores nothing', async () => {
      const unknownOffer = await rawGet(t, `/click?offer_id=999999&aff_id=${publisher.id}`);
      expect(unknownOffer.status).toBe(404);
      expect(unknownOffer.headers['content-type']).toContain('application/json');
      expect(errorOf(unknownOffer.body)).toEqual({
        statusCode: 404,
        error: 'offer_not_found',
        message: 'Offer 999999 not found',
        details: [{ field: 'offer_id', message: 'offer 999999 does not exist' }],
      });
      expect(await clickCount('offer_id = $1', [999999])).toBe(0);

      const unknownPublisher = await rawGet(t, `/click?offer_id=${offer.id}&aff_id=888888`);
      expect(unknownPublisher.status).toBe(404);
      expect(errorOf(unknownPublisher.body).error).toBe('publisher_not_found');
      expect(await clickCount('publisher_id = $1', [888888])).toBe(0);
    });

    it('answers 410 for a paused offer or a blocked publisher and stores nothing', async () => {
      const pausedOffer = await createOffer(t, advertiser.id, { status: 'paused' });
      const paused = await rawGet(t, `/click?offer_id=${pausedOffer.id}&aff_id=${publisher.id}`);
      expect(paused.status).toBe(410);
      expect(errorOf(paused.body)).toMatchObject({ statusCode: 410, error: 'offer_paused' });
      expect(await clickCount('offer_id = $1', [pausedOffer.id])).toBe(0);

      const blockedPublisher = await createPublisher(t, { status: 'blocked' });
      const blocked = await rawGet(t, `/click?offer_id=${offer.id}&aff_id=${blockedPublisher.id}`);
      expect(blocked.status).toBe(410);
      expect(errorOf(blocked.body)).toMatchObject({ statusCode: 410, error: 'publisher_blocked' });
      expect(await clickCount('publisher_id = $1', [blockedPublisher.id])).toBe(0);
    });

    it('sees a pause made through the API at once', async () => {
      const laterPaused = await createOffer(t, advertiser.id);
      expect(
        (await rawGet(t, `/click?offer_id=${laterPaused.id}&aff_id=${publisher.id}`)).status,
      ).toBe(302);
      await t.patch(`/api/offers/${laterPaused.id}`, { status: 'paused' });
      const after = await rawGet(t, `/click?offer_id=${laterPaused.id}&aff_id=${publisher.id}`);
      expect(after.status).toBe(410);
      expect(await clickCount('offer_id = $1', [laterPaused.id])).toBe(1);
    });

    it.each([
      ['', ['offer_id', 'aff_id']],
      ['offer_id=abc&aff_id=1', ['offer_id']],
      ['offer_id=1', ['aff_id']],
      ['offer_id=1&aff_id=-4', ['aff_id']],
    ])('answers 400 naming the parameter for "%s"', async (query, fields) => {
      const response = await rawGet(t, `/click?${query}`);
      expect(response.status).toBe(400);
      const body = errorOf(response.body);
      expect(body.error).toBe('validation_failed');
      expect(body.details.map((d: { field: string }) => d.field)).toEqual(fields);
      expect(body.message).toContain(fields[0]);
    });

    it('refuses too-long parameters with parameter_too_long naming them', async () => {
      const base = { offerId: offer.id, publisherId: publisher.id };
      const longSub = await rawGet(t, clickPath({ ...base, sub1: 'x'.repeat(513) }));
      expect(longSub.status).toBe(400);
      const body = errorOf(longSub.body);
      expect(body).toMatchObject({ statusCode: 400, error: 'parameter_too_long' });
      expect(body.details).toEqual([
        expect.objectContaining({ field: 'sub1', code: 'parameter_too_long' }),
      ]);

      const longExt = await rawGet(
        t,
        clickPath({ ...base, externalTransactionId: 'e'.repeat(257) }),
      );
      expect(errorOf(longExt.body).details[0].field).toBe('external_transaction_id');
      const longSource = await rawGet(t, clickPath({ ...base, source: 's'.repeat(513) }));
      expect(errorOf(longSource.body).details[0].field).toBe('source');

      const atLimit = await rawGet(
        t,
        clickPath({
          ...base,
          sub5: '5'.repeat(512),
          externalTransactionId: 'limit-ext' + 'e'.repeat(247),
        }),
      );
      expect(atLimit.status).toBe(302);
      const [row] = await t.query(
        `SELECT length(sub5) AS sub5 FROM clicks WHERE external_transaction_id LIKE 'limit-ext%'`,
      );
      expect(row.sub5).toBe(512);
    });

    it('truncates a long user agent and referer to 1024 characters instead of refusing', async () => {
      const response = await rawGet(
        t,
        clickPath({
          offerId: offer.id,
          publisherId: publisher.id,
          externalTransactionId: 'long-ua',
        }),
        { 'user-agent': 'U'.repeat(3000), referer: `https://r.example/${'r'.repeat(2000)}` },
      );
      expect(response.status).toBe(302);
      const [row] = await t.query(
        `SELECT user_agent, referer FROM clicks WHERE external_transaction_id = 'long-ua'`,
      );
      expect(row.user_agent).toBe('U'.repeat(1024));
      expect(row.referer).toHaveLength(1024);
    });

    it('stores 100 concurrent clicks with distinct ids, sharing transactions', async () => {
      const writer = t.app.get(ClickWriter);
      const before = writer.stats;
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          rawGet(
            t,
            clickPath({ offerId: offer.id, publisherId: publisher.id, sub2: `burst-${i}` }),
          ),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(100).fill(302));
      const ids = responses.map((r) => /click=([^&]+)/.exec(String(r.headers.location))![1]);
      expect(new Set(ids).size).toBe(100);
      const rows = await t.query(
        `SELECT transaction_id, sub2 FROM clicks WHERE sub2 LIKE 'burst-%'`,
      );
      expect(rows).toHaveLength(100);
      expect(new Set(rows.map((r) => r.transaction_id))).toEqual(new Set(ids));
      const after = writer.stats;
      expect(after.items - before.items).toBe(100);
      expect(after.batches - before.batches).toBeLessThan(100);
    });

    it('stores a click and the deliveries it fires together, then hands them to the queue', async () => {
      const firing = await createPublisher(t);
      const rule = await createRule(t, {
        type: 'click',
        publisherId: firing.id,
        offerIds: [offer.id],
        url: 'https://tracker.example/pb?e={external_transaction_id}',
      });
      const enqueue = jest.spyOn(t.app.get(DeliveryScheduler), 'enqueueAfterCommit');
      try {
        const click = await createClick(t, {
          offerId: offer.id,
          publisherId: firing.id,
          externalTransactionId: 'trigger-1',
        });
        const deliveries = await t.query(
          `SELECT id, trigger_key, external_transaction_id, publisher_id, offer_id
             FROM deliveries WHERE postback_id = $1`,
          [rule.id],
        );
        expect(deliveries).toEqual([
          {
            id: expect.any(String),
            trigger_key: `click:${click.transactionId}`,
            external_transaction_id: 'trigger-1',
            publisher_id: firing.id,
            offer_id: offer.id,
          },
        ]);
        const handedOver = enqueue.mock.calls.flatMap(([scheduled]) => scheduled.map((d) => d.id));
        expect(handedOver).toContain(deliveries[0].id);
      } finally {
        enqueue.mockRestore();
      }
    });

    it('answers 503, never a redirect, when the click cannot be stored', async () => {
      await t.query('ALTER TABLE clicks RENAME TO clicks_away');
      try {
        const response = await rawGet(
          t,
          clickPath({
            offerId: offer.id,
            publisherId: publisher.id,
            externalTransactionId: 'lost',
          }),
        );
        expect(response.status).toBe(503);
        expect(response.headers.location).toBeUndefined();
        expect(errorOf(response.body)).toMatchObject({ error: 'service_unavailable' });
      } finally {
        await t.query('ALTER TABLE clicks_away RENAME TO clicks');
      }
      expect(await clickCount('external_transaction_id = $1', ['lost'])).toBe(0);
      const next = await rawGet(t, clickPath({ offerId: offer.id, publisherId: publisher.id }));
      expect(next.status).toBe(302);
    });
  });

  // SPEC §5.1: each value percent-decoded once and stored; one that is not valid percent-encoding
  // or UTF-8 is stored as sent and the click still recorded; postbacks send back what was stored.
  it('round-trips click parameters, malformed ones as sent', async () => {
    const receiver = await Receiver.start();
    try {
      const roundTrip = await createPublisher(t);
      const offerWithSubs = await createOffer(t, advertiser.id, {
        url: 'https://adv.example/lp?s1={sub1}&s2={sub2}&s3={sub3}',
      });
      await createRule(t, {
        type: 'click',
        publisherId: roundTrip.id,
        offerIds: [offerWithSubs.id],
        url: receiver.url(
          '/rt?s1={sub1}&s2={sub2}&s3={sub3}&s4={sub4}&s5={sub5}&src={source}&e={external_transaction_id}',
        ),
      });
      const query = [
        'sub1=%E0%A4%A', // a truncated UTF-8 sequence
        'sub2=%FF', // a byte that is never UTF-8
        'sub3=%25', // a percent sign, encoded once
        'sub4=%2541', // "%41", decoded once only: not "A"
        'sub5=%C3%A9t%C3%A9%ZZ', // valid UTF-8, then an invalid escape: kept whole, as sent
        'source=%ED%A0%80', // a UTF-16 surrogate written as UTF-8: not valid UTF-8
        'external_transaction_id=caf%C3%A9',
      ].join('&');
      const response = await rawGet(
        t,
        `/click?offer_id=${offerWithSubs.id}&aff_id=${roundTrip.id}&${query}`,
      );
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe(
        'https://adv.example/lp?s1=%25E0%25A4%25A&s2=%25FF&s3=%25',
      );

      const [row] = await t.query(
        `SELECT sub1, sub2, sub3, sub4, sub5, source, external_transaction_id
         FROM clicks WHERE publisher_id = $1`,
        [roundTrip.id],
      );
      expect(row).toEqual({
        sub1: '%E0%A4%A',
        sub2: '%FF',
        sub3: '%',
        sub4: '%41',
        sub5: '%C3%A9t%C3%A9%ZZ',
        source: '%ED%A0%80',
        external_transaction_id: 'café',
      });

      // Encoded once: the tracker decodes each back to exactly what was stored.
      const [fired] = await receiver.waitFor('/rt', 1);
      expect(fired.target).toBe(
        '/rt?s1=%25E0%25A4%25A&s2=%25FF&s3=%25&s4=%2541&s5=%25C3%25A9t%25C3%25A9%25ZZ' +
          '&src=%25ED%25A0%2580&e=caf%C3%A9',
      );
      const sent = new URL(fired.target, receiver.origin).searchParams;
      expect(Object.fromEntries(sent)).toEqual({
        s1: row.sub1,
        s2: row.sub2,
        s3: row.sub3,
        s4: row.sub4,
        s5: row.sub5,
        src: row.source,
        e: row.external_transaction_id,
      });
    } finally {
      await receiver.stop();
    }
  });

  describe('GET /impression', () => {
    it('answers the 1×1 GIF and stores the impression', async () => {
      const response = await rawGet(
        t,
        `/impression?offer_id=${offer.id}&aff_id=${publisher.id}&sub1=imp%20one&source=native&junk=1`,
        { 'user-agent': 'ImpUA', 'x-forwarded-for': '198.51.100.4' },
      );
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('image/gif');
      expect(response.body.equals(TRANSPARENT_GIF)).toBe(true);
      const rows = await t.query(`SELECT * FROM impressions WHERE sub1 = 'imp one'`);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        offer_id: offer.id,
        publisher_id: publisher.id,
        source: 'native',
        ip: '198.51.100.4',
        user_agent: 'ImpUA',
      });
      expect(rows[0].id).toMatch(/^[a-z][-0-9A-Za-z_]{29}$/);
    });

    it('applies the same 404, 410 and 400 rules', async () => {
      const unknown = await rawGet(t, `/impression?offer_id=777777&aff_id=${publisher.id}`);
      expect(unknown.status).toBe(404);
      expect(errorOf(unknown.body).error).toBe('offer_not_found');
      const blockedPublisher = await createPublisher(t, { status: 'blocked' });
      const blocked = await rawGet(
        t,
        `/impression?offer_id=${offer.id}&aff_id=${blockedPublisher.id}`,
      );
      expect(blocked.status).toBe(410);
      expect(errorOf(blocked.body).error).toBe('publisher_blocked');
      const long = await rawGet(
        t,
        `/impression?offer_id=${offer.id}&aff_id=${publisher.id}&sub3=${'z'.repeat(513)}`,
      );
      expect(errorOf(long.body)).toMatchObject({ error: 'parameter_too_long' });
      expect(errorOf(long.body).details[0].field).toBe('sub3');
      const count = await t.query(
        'SELECT count(*)::int AS n FROM impressions WHERE offer_id = 777777 OR publisher_id = $1',
        [blockedPublisher.id],
      );
      expect(count[0].n).toBe(0);
    });

    it('lists impressions scoped to the publisher', async () => {
      const other = await createPublisher(t);
      await rawGet(t, `/impression?offer_id=${offer.id}&aff_id=${other.id}&sub1=other-imp`);
      const key = await createKey(t, { role: 'publisher', publisherId: other.id });
      const list = await t.get('/api/impressions', { key });
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { sub1: string }) => i.sub1)).toEqual(['other-imp']);
      const one = await t.get(`/api/impressions/${list.body.items[0].id}`, { key });
      expect(one.body).toMatchObject({ publisherId: other.id, offerId: offer.id });
      const all = await t.get(`/api/impressions?publisherId=${publisher.id}`);
      expect(all.body.items.length).toBeGreaterThan(0);
    });
  });

  describe('click queries', () => {
    let offerA: { id: number };
    let offerB: { id: number };
    let pub1: { id: number };
    let pub2: { id: number };
    let pub1Key: string;
    let advAKey: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const advA = await createAdvertiser(t, { name: 'A' });
      const advB = await createAdvertiser(t, { name: 'B' });
      offerA = await createOffer(t, advA.id);
      offerB = await createOffer(t, advB.id);
      pub1 = await createPublisher(t, { name: 'P1' });
      pub2 = await createPublisher(t, { name: 'P2' });
      pub1Key = await createKey(t, { role: 'publisher', publisherId: pub1.id });
      advAKey = await createKey(t, { role: 'advertiser', advertiserId: advA.id });
      // Sequential, so each has its own millisecond and the order is known.
      for (const [name, offerId, publisherId] of [
        ['p1a1', offerA.id, pub1.id],
        ['p1a2', offerA.id, pub1.id],
        ['p2a', offerA.id, pub2.id],
        ['p1b', offerB.id, pub1.id],
      ] as const) {
        const click = await createClick(t, {
          offerId,
          publisherId,
          externalTransactionId: `q-${name}`,
          sub1: name,
        });
        ids[name] = click.transactionId;
        // The click is stamped by now: the next one starts once the clock has moved on.
        const stamped = Date.now();
        while (Date.now() <= stamped) await new Promise((resolve) => setImmediate(resolve));
      }
    });

    it('reads one click in the API shape', async () => {
      const res = await t.get(`/api/clicks/${ids.p1a1}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        transactionId: ids.p1a1,
        offerId: offerA.id,
        publisherId: pub1.id,
        externalTransactionId: 'q-p1a1',
        sub1: 'p1a1',
        sub2: null,
        sub3: null,
        sub4: null,
        sub5: null,
        source: null,
        ip: '127.0.0.1',
        userAgent: null,
        referer: null,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
      expect((await t.get('/api/clicks/nope-not-there')).status).toBe(404);
      expect((await t.get('/api/clicks/bad%20id!')).status).toBe(404);
      expect((await t.get(`/api/clicks/${ids.p1a1}`, { key: null })).status).toBe(401);
    });

    it('scopes a publisher to its own clicks: another publisher’s click is 404', async () => {
      expect((await t.get(`/api/clicks/${ids.p1a1}`, { key: pub1Key })).status).toBe(200);
      const foreign = await t.get(`/api/clicks/${ids.p2a}`, { key: pub1Key });
      expect(foreign.status).toBe(404);
      expect(foreign.body.error).toBe('not_found');
      const list = await t.get('/api/clicks', { key: pub1Key });
      expect(list.body.items.map((c: { transactionId: string }) => c.transactionId)).toEqual([
        ids.p1b,
        ids.p1a2,
        ids.p1a1,
      ]);
      const asking = await t.get(`/api/clicks?publisherId=${pub2.id}`, { key: pub1Key });
      expect(asking.body.items).toEqual([]);
    });

    it('scopes an advertiser to clicks on its own offers', async () => {
      expect((await t.get(`/api/clicks/${ids.p2a}`, { key: advAKey })).status).toBe(200);
      expect((await t.get(`/api/clicks/${ids.p1b}`, { key: advAKey })).status).toBe(404);
      const list = await t.get('/api/clicks', { key: advAKey });
      expect(list.body.items.map((c: { transactionId: string }) => c.transactionId)).toEqual([
        ids.p2a,
        ids.p1a2,
        ids.p1a1,
      ]);
    });

    it('filters by offer, publisher, external id and time', async () => {
      const txIds = (res: { body: { items: { transactionId: string }[] } }) =>
        res.body.items.map((c) => c.transactionId);
      expect(txIds(await t.get(`/api/clicks?offerId=${offerB.id}`))).toEqual([ids.p1b]);
      expect(txIds(await t.get(`/api/clicks?offerId=${offerA.id}&publisherId=${pub1.id}`))).toEqual(
        [ids.p1a2, ids.p1a1],
      );
      expect(txIds(await t.get('/api/clicks?externalTransactionId=q-p2a'))).toEqual([ids.p2a]);

      const second = (await t.get(`/api/clicks/${ids.p1a2}`)).body.createdAt;
      const fromSecond = await t.get(
        `/api/clicks?publisherId=${pub1.id}&from=${encodeURIComponent(second)}`,
      );
      expect(txIds(fromSecond)).toEqual([ids.p1b, ids.p1a2]);
      const toSecond = await t.get(
        `/api/clicks?offerId=${offerA.id}&to=${encodeURIComponent(second)}`,
      );
      expect(txIds(toSecond)).toEqual([ids.p1a1]);
    });

    it('pages newest first with a cursor', async () => {
      const first = await t.get(`/api/clicks?offerId=${offerA.id}&limit=2`);
      expect(first.body.items.map((c: { sub1: string }) => c.sub1)).toEqual(['p2a', 'p1a2']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.get(
        `/api/clicks?offerId=${offerA.id}&limit=2&cursor=${first.body.nextCursor}`,
      );
      expect(second.body.items.map((c: { sub1: string }) => c.sub1)).toEqual(['p1a1']);
      expect(second.body.nextCursor).toBeNull();
    });

    it('refuses unknown filters, bad dates and bad cursors', async () => {
      const unknown = await t.get('/api/clicks?status=approved');
      expect(unknown.status).toBe(400);
      expect(unknown.body.details[0]).toMatchObject({ field: 'status', code: 'unknown_field' });
      const badDate = await t.get('/api/clicks?from=yesterday');
      expect(badDate.status).toBe(400);
      expect(badDate.body.details[0].field).toBe('from');
      const badCursor = await t.get('/api/clicks?cursor=%25%25%25');
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.error).toBe('invalid_cursor');
    });
  });

  describe('retention', () => {
    it('purges clicks and impressions older than their retention, in batches', async () => {
      const now = Date.now();
      const day = 86_400_000;
      const retention = t.app.get(TrackingRetentionService);
      const oldClicks = [200, 190, 181].map((d) => timeOrderedToken(now - d * day));
      const keptClick = timeOrderedToken(now - 179 * day);
      for (const id of [...oldClicks, keptClick])
        await t.query(
          `INSERT INTO clicks (transaction_id, offer_id, publisher_id, created_at)
           VALUES ($1, $2, $3, now())`,
          [id, offer.id, publisher.id],
        );
      const oldImpression = timeOrderedToken(now - 31 * day);
      const keptImpression = timeOrderedToken(now - 29 * day);
      for (const id of [oldImpression, keptImpression])
        await t.query(`INSERT INTO impressions (id, offer_id, publisher_id) VALUES ($1, $2, $3)`, [
          id,
          offer.id,
          publisher.id,
        ]);
      const before = Number((await t.query('SELECT count(*) AS n FROM clicks'))[0].n);

      const result = await retention.purge(new Date(now), 2);

      expect(result).toEqual({ clicks: 3, impressions: 1 });
      const left = await t.query(
        'SELECT transaction_id FROM clicks WHERE transaction_id = ANY($1)',
        [[...oldClicks, keptClick]],
      );
      expect(left.map((r) => r.transaction_id)).toEqual([keptClick]);
      expect(Number((await t.query('SELECT count(*) AS n FROM clicks'))[0].n)).toBe(before - 3);
      const impressions = await t.query('SELECT id FROM impressions WHERE id = ANY($1)', [
        [oldImpression, keptImpression],
      ]);
      expect(impressions.map((r) => r.id)).toEqual([keptImpression]);
      expect(await retention.purge(new Date(now), 2)).toEqual({ clicks: 0, impressions: 0 });
    });

    // Ids made before the current format start with '-' and sort below every current id: after
    // an upgrade they must age out by their own time, and time filters must still find them.
    it('treats ids of the previous format by their own time after an upgrade', async () => {
      const now = Date.now();
      const day = 86_400_000;
      // The upgrade came a day ago: no current id is older than that (earlier tests made some).
      await t.query(`DELETE FROM clicks WHERE transaction_id >= $1 AND transaction_id < $2`, [
        CURRENT_TOKEN_FLOOR,
        tokenFloor(now - day),
      ]);
      const legacyPublisher = await createPublisher(t);
      const legacy = (days: number) => legacyTokenFloor(now - days * day);
      const [expired, kept, recent] = [legacy(200), legacy(170), legacy(1)];
      for (const id of [expired, kept, recent])
        await t.query(
          `INSERT INTO clicks (transaction_id, offer_id, publisher_id, created_at)
           VALUES ($1, $2, $3, now())`,
          [id, offer.id, legacyPublisher.id],
        );
      const current = await createClick(t, { offerId: offer.id, publisherId: legacyPublisher.id });
      const list = async (query: string) =>
        (await t.get(`/api/clicks?publisherId=${legacyPublisher.id}&${query}`)).body.items.map(
          (c: { transactionId: string }) => c.transactionId,
        );
      const iso = (days: number) => encodeURIComponent(new Date(now - days * day).toISOString());

      expect(await list(`to=${iso(100)}`)).toEqual([kept, expired]);
      expect(await list(`from=${iso(2)}`)).toEqual([current.transactionId, recent]);
      expect(await list(`from=${iso(180)}&to=${iso(0.5)}`)).toEqual([recent, kept]);

      await t.app.get(TrackingRetentionService).purge(new Date(now), 2);
      const left = await t.query(
        'SELECT transaction_id FROM clicks WHERE publisher_id = $1 ORDER BY transaction_id DESC',
        [legacyPublisher.id],
      );
      expect(left.map((r) => r.transaction_id)).toEqual([current.transactionId, recent, kept]);
    });
  });
});
