import { createAdvertiser, createKey, createOffer, createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { TestApp } from './helpers/test-app';

const KEITARO_URL =
  'https://trk.example/k3y/postback?subid={external_transaction_id}&status={status}&payout={payout}&tid={conversion_id}';
// 32 bytes, base64: a valid Standard Webhooks secret.
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

// The SPEC §6 example, for a given publisher and offer.
function keitaroRule(
  publisherId: number,
  offerId: number,
  overrides: Record<string, unknown> = {},
) {
  return {
    name: 'Keitaro main',
    type: 'conversion',
    publisherId,
    offerIds: [offerId],
    method: 'GET',
    url: KEITARO_URL,
    headers: { 'X-Token': 'abc' },
    body: null,
    contentType: null,
    statuses: ['approved', 'rejected'],
    rejectionReasons: [],
    events: [],
    statusMap: { approved: 'sale', pending: 'lead', rejected: 'rejected' },
    delaySeconds: 0,
    maxAttempts: 8,
    timeoutMs: 10000,
    signingSecret: null,
    enabled: true,
    ...overrides,
  };
}

const codes = (res: { body: { details: { code: string }[] } }) =>
  res.body.details.map((d) => d.code);
const fields = (res: { body: { details: { field: string }[] } }) =>
  res.body.details.map((d) => d.field);

describe('Postback rules (e2e)', () => {
  let t: TestApp;
  let offerId: number;
  let otherOfferId: number;
  let pubA: number;
  let pubB: number;
  let keyA: string;
  let keyB: string;
  let advertiserKey: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const advertiser = await createAdvertiser(t);
    offerId = (await createOffer(t, advertiser.id)).id;
    otherOfferId = (await createOffer(t, advertiser.id)).id;
    pubA = (await createPublisher(t, { name: 'Pub A' })).id;
    pubB = (await createPublisher(t, { name: 'Pub B' })).id;
    keyA = await createKey(t, { role: 'publisher', publisherId: pubA });
    keyB = await createKey(t, { role: 'publisher', publisherId: pubB });
    advertiserKey = await createKey(t, { role: 'advertiser', advertiserId: advertiser.id });
  });
  afterAll(() => t.stop());

  describe('done when (the issue)', () => {
    it('lets a publisher create the SPEC §6 Keitaro rule, warning about http://', async () => {
      const res = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { url: KEITARO_URL.replace('https://', 'http://') }),
        { key: keyA },
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Keitaro main',
        type: 'conversion',
        publisherId: pubA,
        offerIds: [offerId],
        method: 'GET',
        headers: { 'X-Token': 'abc' },
        body: null,
        contentType: null,
        statuses: ['approved', 'rejected'],
        statusMap: { approved: 'sale', pending: 'lead', rejected: 'rejected' },
        delaySeconds: 0,
        maxAttempts: 8,
        timeoutMs: 10000,
        hasSigningSecret: false,
        enabled: true,
        pausedReason: null,
        pausedAt: null,
      });
      expect(res.body.warnings.map((w: any) => w.code)).toEqual(['http_not_https']);
      expect(res.body.warnings[0].message).toMatch(/https/);
      expect(res.body).not.toHaveProperty('signingSecret');
      expect(res.body).not.toHaveProperty('deletedAt');
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    });

    it('saves the https version without warnings', async () => {
      const rule = await createRule(t, keitaroRule(pubA, offerId), keyA);
      expect(rule.url).toBe(KEITARO_URL);
      expect(rule.warnings).toEqual([]);
    });

    it('refuses a misspelt macro with 400 naming it and the field', async () => {
      const res = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, {
          url: 'https://trk.example/pb?subid={clikid}&status={status}',
        }),
        { key: keyA },
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation_failed');
      expect(res.body.message).toContain('{clikid}');
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'url', code: 'unknown_macro', macro: 'clikid' }),
      ]);
      expect(res.body.details[0].message).toContain('{clikid}');
      expect(res.body.details[0].message).toContain('{external_transaction_id}');
    });

    it("refuses {revenue} in a publisher's rule, whoever saves it, but not network-level", async () => {
      const url = 'https://trk.example/pb?subid={external_transaction_id}&rev={revenue}';
      const byPublisher = await t.post('/api/postbacks', keitaroRule(pubA, offerId, { url }), {
        key: keyA,
      });
      expect(byPublisher.status).toBe(400);
      expect(byPublisher.body.details).toEqual([
        expect.objectContaining({ field: 'url', code: 'network_only_macro', macro: 'revenue' }),
      ]);
      expect(byPublisher.body.message).toContain('{revenue}');

      const inHeader = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { headers: { 'X-Rev': '{revenue}' } }),
      );
      expect(inHeader.status).toBe(400);
      expect(fields(inHeader)).toEqual(['headers.X-Rev']);
      expect(codes(inHeader)).toEqual(['network_only_macro']);

      const network = await createRule(t, keitaroRule(pubA, offerId, { url, publisherId: null }));
      expect(network.publisherId).toBeNull();
      expect(network.url).toBe(url);
    });

    it('previews the exact URL for sample values with spaces, & and non-ASCII characters', async () => {
      const res = await t.post(
        '/api/postbacks/preview',
        {
          type: 'conversion',
          url: 'https://trk.example/pb?subid={external_transaction_id}&status={status}&raw={raw_status}&sub={sub1}&payout={payout}',
          statuses: ['approved', 'rejected'],
          statusMap: { rejected: 'trash' },
          sample: {
            aff_click_id: 'ab c&d=é',
            sub1: 'Zürich 東京/1',
            status: 'rejected',
            payout: 3.5,
          },
        },
        { key: keyA },
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        url: 'https://trk.example/pb?subid=ab%20c%26d%3D%C3%A9&status=trash&raw=rejected&sub=Z%C3%BCrich%20%E6%9D%B1%E4%BA%AC%2F1&payout=3.5',
        headers: {},
        body: null,
        warnings: [],
        errors: [],
      });
    });
  });

  describe('CRUD', () => {
    it('creates, reads, updates and soft-deletes a rule', async () => {
      const created = await createRule(t, {
        name: 'CRM feed',
        type: 'event',
        publisherId: null,
        method: 'POST',
        url: 'https://crm.example/hook',
        body: '{"click":"{external_transaction_id}","goal":"{event}","revenue":{revenue}}',
        contentType: 'application/json',
        events: ['deposit'],
        delaySeconds: 3600,
      });
      expect(created).toMatchObject({
        type: 'event',
        publisherId: null,
        offerIds: [],
        headers: {},
        statuses: ['approved'],
        rejectionReasons: [],
        events: ['deposit'],
        statusMap: {},
        delaySeconds: 3600,
        maxAttempts: 8,
        timeoutMs: 10000,
        enabled: true,
      });

      const read = await t.get(`/api/postbacks/${created.id}`);
      expect(read.status).toBe(200);
      const { warnings: _warnings, ...stored } = created;
      expect(read.body).toEqual(stored);

      const patched = await t.patch(`/api/postbacks/${created.id}`, {
        name: 'CRM feed v2',
        maxAttempts: 3,
        enabled: false,
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        name: 'CRM feed v2',
        maxAttempts: 3,
        enabled: false,
        body: created.body,
        delaySeconds: 3600,
      });
      expect(Array.isArray(patched.body.warnings)).toBe(true);
      expect(new Date(patched.body.updatedAt) >= new Date(created.updatedAt)).toBe(true);

      const removed = await t.delete(`/api/postbacks/${created.id}`);
      expect(removed.status).toBe(204);
      expect((await t.get(`/api/postbacks/${created.id}`)).status).toBe(404);
      expect((await t.patch(`/api/postbacks/${created.id}`, { name: 'x' })).status).toBe(404);
      expect((await t.delete(`/api/postbacks/${created.id}`)).status).toBe(404);
      const list = await t.get('/api/postbacks?type=event&limit=500');
      expect(list.body.items.map((r: any) => r.id)).not.toContain(created.id);
      const [row] = await t.query('SELECT deleted_at FROM postbacks WHERE id = $1', [created.id]);
      expect(row.deleted_at).toBeInstanceOf(Date);
    });

    it('defaults a POST body to form encoding and drops it when the rule becomes a GET', async () => {
      const rule = await createRule(t, {
        type: 'click',
        publisherId: pubA,
        method: 'POST',
        url: 'https://trk.example/click',
        body: 'cid={external_transaction_id}&offer={offer_id}',
      });
      expect(rule.contentType).toBe('application/x-www-form-urlencoded');

      const stillHasBody = await t.patch(`/api/postbacks/${rule.id}`, { method: 'GET' });
      expect(stillHasBody.status).toBe(400);
      expect(fields(stillHasBody)).toEqual(['body']);
      expect(codes(stillHasBody)).toEqual(['body_not_allowed']);

      const cleared = await t.patch(`/api/postbacks/${rule.id}`, { method: 'GET', body: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ method: 'GET', body: null, contentType: null });
    });

    it('re-validates the merged rule on PATCH', async () => {
      const rule = await createRule(t, keitaroRule(pubA, offerId), keyA);
      const typo = await t.patch(
        `/api/postbacks/${rule.id}`,
        { url: 'https://trk.example/pb?id={sub6}' },
        { key: keyA },
      );
      expect(typo.status).toBe(400);
      expect(typo.body.details[0]).toMatchObject({ field: 'url', macro: 'sub6' });

      const badMapKey = await t.patch(`/api/postbacks/${rule.id}`, { statusMap: { won: 'x' } });
      expect(fields(badMapKey)).toEqual(['statusMap.won']);

      const toEvent = await t.patch(`/api/postbacks/${rule.id}`, { type: 'event' });
      expect(toEvent.status).toBe(200);
      expect(toEvent.body).toMatchObject({ type: 'event', url: KEITARO_URL, offerIds: [offerId] });
      const eventsOnConversion = await t.patch(`/api/postbacks/${rule.id}`, {
        type: 'conversion',
        events: ['deposit'],
      });
      expect(eventsOnConversion.status).toBe(400);
      expect(fields(eventsOnConversion)).toEqual(['events']);

      const nothing = await t.patch(`/api/postbacks/${rule.id}`, {}, { key: keyA });
      expect(nothing.status).toBe(200);
      expect(nothing.body).toMatchObject({ type: 'event', url: KEITARO_URL, enabled: true });

      const nullName = await t.patch(`/api/postbacks/${rule.id}`, { name: null, url: null });
      expect(nullName.status).toBe(400);
      expect(new Set(fields(nullName))).toEqual(new Set(['name', 'url']));
      expect((await t.get(`/api/postbacks/${rule.id}`)).body.url).toBe(KEITARO_URL);
    });

    it('resets pausedReason and pausedAt when an auto-paused rule is enabled again', async () => {
      const rule = await createRule(t, keitaroRule(pubA, offerId), keyA);
      await t.query(
        `UPDATE postbacks SET enabled = false, paused_reason = 'last 20 deliveries failed', paused_at = now() WHERE id = $1`,
        [rule.id],
      );
      const renamed = await t.patch(
        `/api/postbacks/${rule.id}`,
        { name: 'Renamed' },
        { key: keyA },
      );
      expect(renamed.body).toMatchObject({
        enabled: false,
        pausedReason: 'last 20 deliveries failed',
      });
      expect(typeof renamed.body.pausedAt).toBe('string');

      const enabled = await t.patch(`/api/postbacks/${rule.id}`, { enabled: true }, { key: keyA });
      expect(enabled.status).toBe(200);
      expect(enabled.body).toMatchObject({ enabled: true, pausedReason: null, pausedAt: null });
      const [row] = await t.query(
        'SELECT enabled, paused_reason, paused_at FROM postbacks WHERE id = $1',
        [rule.id],
      );
      expect(row).toEqual({ enabled: true, paused_reason: null, paused_at: null });
    });
  });

  describe('signing secret', () => {
    it('is write-only: stored, never returned, reported as hasSigningSecret', async () => {
      const rule = await createRule(t, keitaroRule(pubA, offerId, { signingSecret: SECRET }), keyA);
      expect(rule.hasSigningSecret).toBe(true);
      const secretPart = SECRET.slice('whsec_'.length);

      for (const res of [
        await t.get(`/api/postbacks/${rule.id}`, { key: keyA }),
        await t.get(`/api/postbacks?publisherId=${pubA}&limit=500`),
        await t.patch(`/api/postbacks/${rule.id}`, { name: 'Signed' }, { key: keyA }),
      ]) {
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(secretPart);
        expect(res.text).not.toContain('signingSecret');
      }
      expect((await t.get(`/api/postbacks/${rule.id}`)).body.hasSigningSecret).toBe(true);
      const [row] = await t.query('SELECT signing_secret FROM postbacks WHERE id = $1', [rule.id]);
      expect(row.signing_secret).toBe(SECRET);

      const cleared = await t.patch(`/api/postbacks/${rule.id}`, { signingSecret: null });
      expect(cleared.body.hasSigningSecret).toBe(false);
      const [after] = await t.query('SELECT signing_secret FROM postbacks WHERE id = $1', [
        rule.id,
      ]);
      expect(after.signing_secret).toBeNull();
    });

    it('refuses secrets that are not whsec_ + base64 of at least 24 bytes', async () => {
      const short = `whsec_${Buffer.alloc(16, 1).toString('base64')}`;
      for (const signingSecret of [short, 'whsec_not base64!!', 'abc', SECRET.slice(6), 42]) {
        const res = await t.post('/api/postbacks', keitaroRule(pubA, offerId, { signingSecret }));
        expect(res.status).toBe(400);
        expect(fields(res)).toEqual(['signingSecret']);
      }
    });
  });

  describe('field validation', () => {
    it.each([
      ['delaySeconds', -1],
      ['delaySeconds', 2_592_001],
      ['delaySeconds', 1.5],
      ['maxAttempts', 0],
      ['maxAttempts', 21],
      ['timeoutMs', 999],
      ['timeoutMs', 30_001],
      ['timeoutMs', '10000'],
      ['method', 'DELETE'],
      ['type', 'sale'],
      ['name', ''],
      ['statuses', ['approved', 'won']],
      ['offerIds', [1, 1]],
      ['offerIds', 'all'],
      ['enabled', 'yes'],
      ['contentType', 'text/plain'],
    ])('refuses %s = %j naming the field', async (field, value) => {
      const res = await t.post('/api/postbacks', keitaroRule(pubA, offerId, { [field]: value }));
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation_failed');
      expect(new Set(fields(res))).toEqual(new Set([field]));
    });

    it('accepts the bounds of delaySeconds, maxAttempts and timeoutMs', async () => {
      const low = await createRule(
        t,
        keitaroRule(pubA, offerId, { delaySeconds: 0, maxAttempts: 1, timeoutMs: 1000 }),
      );
      expect(low).toMatchObject({ delaySeconds: 0, maxAttempts: 1, timeoutMs: 1000 });
      const high = await createRule(
        t,
        keitaroRule(pubA, offerId, { delaySeconds: 2_592_000, maxAttempts: 20, timeoutMs: 30000 }),
      );
      expect(high).toMatchObject({ delaySeconds: 2_592_000, maxAttempts: 20, timeoutMs: 30000 });
    });

    it('refuses unknown fields', async () => {
      const res = await t.post('/api/postbacks', keitaroRule(pubA, offerId, { retries: 3 }));
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'retries', code: 'unknown_field' }),
      ]);
    });

    it('names the bad statusMap entry', async () => {
      const badKey = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { statusMap: { approved: 'sale', foo: 'bar' } }),
      );
      expect(badKey.status).toBe(400);
      expect(badKey.body.details).toEqual([
        expect.objectContaining({ field: 'statusMap.foo', code: 'unknown_status' }),
      ]);
      const badValue = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { statusMap: { approved: 'x'.repeat(65), rejected: 5 } }),
      );
      expect(fields(badValue)).toEqual(['statusMap.approved', 'statusMap.rejected']);
    });

    it('names the bad header', async () => {
      const badName = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { headers: { 'X Token': 'a', 'X-Ok': 'b' } }),
      );
      expect(badName.status).toBe(400);
      expect(fields(badName)).toEqual(['headers.X Token']);

      const notString = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { headers: { 'X-Num': 5 } }),
      );
      expect(fields(notString)).toEqual(['headers.X-Num']);

      const reserved = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { headers: { 'Idempotency-Key': '{delivery_id}' } }),
      );
      expect(codes(reserved)).toEqual(['reserved_header']);

      const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`X-H${i}`, 'v']));
      const tooMany = await t.post('/api/postbacks', keitaroRule(pubA, offerId, { headers: many }));
      expect(fields(tooMany)).toEqual(['headers']);

      const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`X-H${i}`, 'v']));
      await createRule(t, keitaroRule(pubA, offerId, { headers: fifty }));
    });

    it('refuses a body or content type on a GET rule, and a body over 64 KiB', async () => {
      const body = await t.post('/api/postbacks', keitaroRule(pubA, offerId, { body: 'a=1' }));
      expect(body.status).toBe(400);
      expect(body.body.details).toEqual([
        expect.objectContaining({ field: 'body', code: 'body_not_allowed' }),
      ]);

      const contentType = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { contentType: 'application/json' }),
      );
      expect(fields(contentType)).toEqual(['contentType']);

      const huge = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { method: 'POST', body: 'é'.repeat(32 * 1024 + 1) }),
      );
      expect(fields(huge)).toEqual(['body']);
    });

    it('allows rejectionReasons only with the rejected status', async () => {
      const res = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { statuses: ['approved'], rejectionReasons: ['fraud'] }),
      );
      expect(res.status).toBe(400);
      expect(codes(res)).toEqual(['rejection_reasons_not_allowed']);
      const ok = await createRule(t, keitaroRule(pubA, offerId, { rejectionReasons: ['fraud'] }));
      expect(ok.rejectionReasons).toEqual(['fraud']);
    });

    it('refuses an invalid JSON body and an URL that is not absolute http(s)', async () => {
      const json = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, {
          method: 'POST',
          body: '{"id": {external_transaction_id}}',
          contentType: 'application/json',
        }),
      );
      expect(codes(json)).toEqual(['invalid_json_body']);
      const ftp = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { url: 'ftp://x.example/{sub1}' }),
      );
      expect(codes(ftp)).toEqual(['invalid_url']);
      const space = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { url: 'https://trk.example/pb?a={sub1} &s={status}' }),
      );
      expect(codes(space)).toContain('invalid_characters');
    });

    it('refuses unknown publishers and offers, and makes an admin name the owner', async () => {
      const unknownPublisher = await t.post('/api/postbacks', keitaroRule(999_999, offerId));
      expect(unknownPublisher.status).toBe(400);
      expect(unknownPublisher.body.details).toEqual([
        expect.objectContaining({ field: 'publisherId', code: 'unknown_publisher' }),
      ]);
      const unknownOffer = await t.post('/api/postbacks', {
        ...keitaroRule(pubA, offerId),
        offerIds: [offerId, 999_998],
      });
      expect(unknownOffer.body.details).toEqual([
        expect.objectContaining({ field: 'offerIds', code: 'unknown_offer' }),
      ]);
      expect(unknownOffer.body.details[0].message).toContain('999998');

      const { publisherId: _omitted, ...noOwner } = keitaroRule(pubA, offerId);
      const noPublisher = await t.post('/api/postbacks', noOwner);
      expect(noPublisher.status).toBe(400);
      expect(fields(noPublisher)).toEqual(['publisherId']);
    });

    it('warns (and still saves) about missing click id, missing status, stray & and macros in the host', async () => {
      const rule = await createRule(t, {
        type: 'conversion',
        publisherId: pubA,
        statuses: ['approved', 'pending'],
        url: 'https://{offer_id}.trk.example/pb?&payout={payout}&&x=1',
      });
      expect(rule.warnings.map((w: any) => w.code).sort()).toEqual(
        [
          'macro_in_host',
          'malformed_query',
          'malformed_query',
          'missing_click_id_macro',
          'missing_status_macro',
        ].sort(),
      );
      const click = await createRule(t, {
        type: 'click',
        publisherId: pubA,
        url: 'https://trk.example/c?id={external_transaction_id}',
        statuses: ['rejected'],
      });
      expect(click.warnings).toEqual([
        expect.objectContaining({ code: 'field_ignored', field: 'statuses' }),
      ]);
    });
  });

  describe('destinations', () => {
    it.each([
      'http://169.254.169.254/latest/meta-data?id={external_transaction_id}',
      'http://127.0.0.1/pb?id={external_transaction_id}',
      'https://10.0.0.1/pb?id={external_transaction_id}',
      'http://[::1]:8080/pb?id={external_transaction_id}',
      'http://[::ffff:192.168.1.1]/pb?id={external_transaction_id}',
      'http://2130706433/pb?id={external_transaction_id}',
    ])('refuses the literal non-public address in %s', async (url) => {
      const res = await t.post('/api/postbacks', keitaroRule(pubA, offerId, { url }));
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('destination_not_allowed');
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'url', code: 'destination_not_allowed' }),
      ]);
    });

    it('accepts public addresses and does not resolve host names at save time', async () => {
      for (const url of [
        'https://8.8.8.8/pb?id={external_transaction_id}',
        'http://localhost/pb?id={external_transaction_id}',
      ]) {
        await createRule(t, keitaroRule(pubA, offerId, { url }));
      }
    });
  });

  describe('scoping', () => {
    it('keeps publishers to their own rules', async () => {
      const own = await createRule(t, keitaroRule(pubA, offerId), keyA);
      const others = await createRule(t, keitaroRule(pubB, offerId), keyB);
      const network = await createRule(t, keitaroRule(pubA, offerId, { publisherId: null }));

      const listA = await t.get('/api/postbacks?limit=500', { key: keyA });
      const idsA = listA.body.items.map((r: any) => r.id);
      expect(idsA).toContain(own.id);
      expect(idsA).not.toContain(others.id);
      expect(idsA).not.toContain(network.id);
      expect(listA.body.items.every((r: any) => r.publisherId === pubA)).toBe(true);
      const filteredToB = await t.get(`/api/postbacks?publisherId=${pubB}`, { key: keyA });
      expect(filteredToB.body.items).toEqual([]);

      for (const id of [others.id, network.id]) {
        expect((await t.get(`/api/postbacks/${id}`, { key: keyA })).status).toBe(404);
        expect((await t.patch(`/api/postbacks/${id}`, { name: 'x' }, { key: keyA })).status).toBe(
          404,
        );
        expect((await t.delete(`/api/postbacks/${id}`, { key: keyA })).status).toBe(404);
      }
      expect((await t.get(`/api/postbacks/${others.id}`, { key: keyB })).body.name).toBe(
        'Keitaro main',
      );

      const forB = await t.post('/api/postbacks', keitaroRule(pubB, offerId), { key: keyA });
      expect(forB.status).toBe(403);
      const networkLevel = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, { publisherId: null }),
        { key: keyA },
      );
      expect(networkLevel.status).toBe(403);
      const moveToB = await t.patch(
        `/api/postbacks/${own.id}`,
        { publisherId: pubB },
        { key: keyA },
      );
      expect(moveToB.status).toBe(403);
      const previewForB = await t.post('/api/postbacks/preview', keitaroRule(pubB, offerId), {
        key: keyA,
      });
      expect(previewForB.status).toBe(403);

      const { publisherId: _omitted, ...noOwner } = keitaroRule(pubA, offerId);
      expect((await createRule(t, noOwner, keyA)).publisherId).toBe(pubA);

      expect((await t.delete(`/api/postbacks/${own.id}`, { key: keyA })).status).toBe(204);
    });

    it('gives advertisers no access', async () => {
      const rule = await createRule(t, keitaroRule(pubA, offerId));
      const key = { key: advertiserKey };
      expect((await t.get('/api/postbacks', key)).status).toBe(403);
      expect((await t.get(`/api/postbacks/${rule.id}`, key)).status).toBe(403);
      expect((await t.post('/api/postbacks', keitaroRule(pubA, offerId), key)).status).toBe(403);
      expect((await t.post('/api/postbacks/preview', keitaroRule(pubA, offerId), key)).status).toBe(
        403,
      );
      expect((await t.patch(`/api/postbacks/${rule.id}`, { name: 'x' }, key)).status).toBe(403);
      expect((await t.delete(`/api/postbacks/${rule.id}`, key)).status).toBe(403);
      expect((await t.get('/api/postbacks', { key: null })).status).toBe(401);
    });
  });

  describe('list', () => {
    it('filters by publisher, offer, type and enabled, newest first', async () => {
      const pub = (await createPublisher(t, { name: 'Listed' })).id;
      const advertiser = await createAdvertiser(t);
      const offer = (await createOffer(t, advertiser.id)).id;
      const base = { publisherId: pub, url: 'https://trk.example/pb?id={external_transaction_id}' };
      const global = await createRule(t, { ...base, type: 'conversion' });
      const local = await createRule(t, {
        ...base,
        type: 'conversion',
        offerIds: [otherOfferId, offer],
      });
      const click = await createRule(t, { ...base, type: 'click', enabled: false });
      const network = await createRule(t, {
        ...base,
        publisherId: null,
        type: 'impression',
        offerIds: [offer],
      });

      const ids = async (query: string) =>
        (await t.get(`/api/postbacks?${query}`)).body.items.map((r: any) => r.id);
      expect(await ids(`publisherId=${pub}`)).toEqual([click.id, local.id, global.id]);
      expect(await ids(`offerId=${offer}`)).toEqual([network.id, local.id]);
      expect(await ids(`publisherId=${pub}&offerId=${offer}`)).toEqual([local.id]);
      expect(await ids(`publisherId=${pub}&type=conversion`)).toEqual([local.id, global.id]);
      expect(await ids(`publisherId=${pub}&enabled=false`)).toEqual([click.id]);
      expect(await ids(`publisherId=${pub}&enabled=true&type=click`)).toEqual([]);
      expect(await ids(`publisherId=null&limit=500`)).toContain(network.id);
      expect(await ids(`publisherId=null&limit=500`)).not.toContain(global.id);

      for (const bad of [
        'enabled=maybe',
        'type=sale',
        'offerId=x',
        'publisherId=-1',
        'limit=501',
      ]) {
        const res = await t.get(`/api/postbacks?${bad}`);
        expect(res.status).toBe(400);
        expect(new Set(fields(res))).toEqual(new Set([bad.split('=')[0]]));
      }
    });

    it('pages with a cursor, newest first, without gaps or repeats', async () => {
      const pub = (await createPublisher(t, { name: 'Paged' })).id;
      const created: number[] = [];
      for (let i = 0; i < 5; i++) {
        const rule = await createRule(t, {
          publisherId: pub,
          type: 'click',
          url: `https://trk.example/pb?n=${i}&id={external_transaction_id}`,
        });
        created.push(rule.id);
      }
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `publisherId=${pub}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await t.get(`/api/postbacks?${query}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((r: any) => r.id));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([...created].reverse());
      expect((await t.get('/api/postbacks?cursor=%%%')).status).toBe(400);
    });
  });

  describe('preview', () => {
    it('renders headers and a JSON body, and returns errors instead of throwing', async () => {
      const res = await t.post('/api/postbacks/preview', {
        type: 'event',
        publisherId: pubA,
        method: 'POST',
        url: 'https://trk.example/pb?id={clikid}',
        headers: { 'X-Click': '{sub1}', 'X-Rev': '{revenue}' },
        body: '{"id":"{external_transaction_id}","goal":"{goal}"}',
        contentType: 'application/json',
        sample: { external_transaction_id: 'say "hi"\n東京', sub1: 'a b&c', nope: 1 },
      });
      expect(res.status).toBe(200);
      expect(res.body.url).toBe('https://trk.example/pb?id=');
      expect(res.body.headers).toEqual({ 'X-Click': 'a b&c', 'X-Rev': '20.00' });
      expect(res.body.body).toBe('{"id":"say \\"hi\\"\\n東京","goal":"deposit"}');
      expect(JSON.parse(res.body.body).id).toBe('say "hi"\n東京');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'url', code: 'unknown_macro', macro: 'clikid' }),
          expect.objectContaining({
            field: 'headers.X-Rev',
            code: 'network_only_macro',
            macro: 'revenue',
          }),
          expect.objectContaining({ field: 'sample.nope', code: 'unknown_sample_key' }),
        ]),
      );
      expect(res.body.errors).toHaveLength(3);
    });

    it('reports field combinations, references and destinations as errors', async () => {
      const res = await t.post(
        '/api/postbacks/preview',
        {
          type: 'conversion',
          offerIds: [999_997],
          url: 'http://10.1.2.3/pb?id={external_transaction_id}',
          body: 'x=1',
          statusMap: { lost: 'x' },
        },
        { key: keyA },
      );
      expect(res.status).toBe(200);
      expect(res.body.errors.map((e: any) => [e.field, e.code])).toEqual([
        ['body', 'body_not_allowed'],
        ['statusMap.lost', 'unknown_status'],
        ['url', 'destination_not_allowed'],
        ['offerIds', 'unknown_offer'],
      ]);
      expect(res.body.warnings.map((w: any) => w.code)).toEqual(['http_not_https']);
    });

    // Issue 12, item 9: each used to preview (and save) with no error and no warning.
    it("flags a new user's mistakes: & for ?, &amp;, an unclosed {, #status#", async () => {
      const preview = async (url: string) => {
        const res = await t.post('/api/postbacks/preview', {
          type: 'conversion',
          publisherId: pubA,
          url,
          statuses: ['approved', 'rejected'],
        });
        expect(res.status).toBe(200);
        return {
          errors: res.body.errors.map((e: any) => [e.code, e.field]),
          warnings: res.body.warnings.map((w: any) => w.code),
          messages: [...res.body.errors, ...res.body.warnings].map((i: any) => i.message),
        };
      };

      const ampersand = await preview(
        'https://t.example/pb&subid={external_transaction_id}&status={status}',
      );
      expect(ampersand.errors).toEqual([]);
      expect(ampersand.warnings).toEqual(['malformed_query']);
      expect(ampersand.messages[0]).toContain('https://t.example/pb?subid=…');

      const html = await preview(
        'https://t.example/pb?subid={external_transaction_id}&amp;status={status}',
      );
      expect(html.warnings).toEqual(['malformed_query']);
      expect(html.messages[0]).toContain('"amp;status"');

      const unclosed = await preview(
        'https://t.example/pb?subid={external_transaction_id&status={status}',
      );
      expect(unclosed.errors).toEqual([['unclosed_macro', 'url']]);

      const foreign = await preview(
        'https://t.example/pb?subid={external_transaction_id}&status=#status#',
      );
      expect(foreign.errors).toEqual([['foreign_macro', 'url']]);
      expect(foreign.messages[0]).toContain('did you mean {status}?');

      const networkId = await preview('https://t.example/pb?subid={transaction_id}&s={status}');
      expect(networkId.warnings).toEqual(['missing_click_id_macro']);
      expect(networkId.messages[0]).toContain("this network's click id");

      // Save agrees with preview: errors refuse the rule, warnings come back with it.
      const refused = await t.post(
        '/api/postbacks',
        keitaroRule(pubA, offerId, {
          url: 'https://t.example/pb?subid={external_transaction_id&status={status}',
        }),
      );
      expect(refused.status).toBe(400);
      expect(codes(refused)).toEqual(['unclosed_macro']);
      const saved = await createRule(t, {
        ...keitaroRule(pubA, offerId),
        url: 'https://t.example/pb&subid={external_transaction_id}&status={status}',
      });
      expect(saved.warnings.map((w: any) => w.code)).toEqual(['malformed_query']);
    });

    it('still refuses a malformed request', async () => {
      const res = await t.post('/api/postbacks/preview', { type: 'conversion', url: 5 });
      expect(res.status).toBe(400);
      expect(new Set(fields(res))).toEqual(new Set(['url']));
    });
  });
});

describe('Postback rules with POSTBACK_ALLOWED_CIDRS (e2e)', () => {
  let t: TestApp;
  let publisherId: number;
  beforeAll(async () => {
    t = await TestApp.start({ POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' });
    publisherId = (await createPublisher(t)).id;
  });
  afterAll(() => t.stop());

  it('opens the listed ranges only', async () => {
    const rule = { type: 'click', publisherId };
    const loopback = await createRule(t, {
      ...rule,
      url: 'http://127.0.0.1:9999/pb?id={external_transaction_id}',
    });
    expect(loopback.url).toBe('http://127.0.0.1:9999/pb?id={external_transaction_id}');
    const privateNet = await t.post('/api/postbacks', {
      name: 'x',
      ...rule,
      url: 'http://10.0.0.1/pb?id={external_transaction_id}',
    });
    expect(privateNet.status).toBe(400);
    expect(privateNet.body.error).toBe('destination_not_allowed');
  });
});
