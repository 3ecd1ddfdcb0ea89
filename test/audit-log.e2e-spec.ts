import { randomBytes } from 'node:crypto';
import { createAdvertiser, createKey, createOffer, createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { signedInUser } from './helpers/session-fixtures';
import { createClick } from './helpers/tracking-fixtures';
import { ApiResponse, TestApp } from './helpers/test-app';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const REDACTED = '[redacted]';

describe('Audit log (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let requests = 0;

  beforeAll(async () => {
    t = await TestApp.start({ POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t?.stop();
    await receiver?.stop();
  });

  const lastId = async () =>
    Number((await t.query('SELECT coalesce(max(id), 0) AS id FROM audit_log'))[0].id);

  // Runs one change with its own request id and answers its response and the entries it wrote.
  async function change(
    act: (headers: Record<string, string>) => Promise<ApiResponse>,
  ): Promise<{ res: ApiResponse; entries: any[]; requestId: string }> {
    const before = await lastId();
    const requestId = `audit-${++requests}`;
    const res = await act({ 'x-request-id': requestId });
    const listed = await t.get('/api/audit-log?limit=500');
    expect(listed.status).toBe(200);
    const entries = listed.body.items.filter((e: any) => Number(e.id) > before);
    return { res, entries, requestId };
  }

  // A change that writes exactly one entry; answers it.
  async function oneEntry(act: (headers: Record<string, string>) => Promise<ApiResponse>) {
    const { res, entries, requestId } = await change(act);
    expect(res.status).toBeLessThan(300);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ ip: '127.0.0.1', requestId });
    return { res, entry: entries[0] };
  }

  async function noEntry(act: (headers: Record<string, string>) => Promise<ApiResponse>) {
    const { res, entries } = await change(act);
    expect(entries).toEqual([]);
    return res;
  }

  const rawTable = async () => JSON.stringify(await t.query('SELECT * FROM audit_log'));
  const ADMIN_KEY = { type: 'bootstrap_key', id: null, label: 'ADMIN_API_KEY' };

  describe('postback rules', () => {
    let publisher: any;
    let offer: any;
    let publisherKey: string;
    let keyId: number;

    beforeAll(async () => {
      publisher = await createPublisher(t, { name: 'Rules pub' });
      offer = await createOffer(t, (await createAdvertiser(t)).id);
      const created = await t.post('/api/api-keys', {
        name: 'pub tracker key',
        role: 'publisher',
        publisherId: publisher.id,
      });
      publisherKey = created.body.key;
      keyId = created.body.id;
    });

    // A click rule of the publisher on the offer, firing at the receiver.
    const clickRuleTo = (path: string) =>
      createRule(t, {
        type: 'click',
        publisherId: publisher.id,
        offerIds: [offer.id],
        url: receiver.url(path),
      });

    it('records create, update, pause, resume and delete with actor, fields and the secret redacted', async () => {
      const first = secret();
      const second = secret();
      const { res, entry: created } = await oneEntry((headers) =>
        t.post(
          '/api/postbacks',
          {
            name: 'Audited',
            type: 'conversion',
            publisherId: publisher.id,
            url: 'https://trk.example/pb?subid={external_transaction_id}',
            signingSecret: first,
          },
          { headers },
        ),
      );
      const rule = res.body;
      expect(created).toMatchObject({
        actor: ADMIN_KEY,
        entityType: 'postback_rule',
        entityId: String(rule.id),
        action: 'created',
        publisherId: publisher.id,
        changes: {
          name: { before: null, after: 'Audited' },
          url: { before: null, after: 'https://trk.example/pb?subid={external_transaction_id}' },
          signingSecret: { before: null, after: REDACTED },
          enabled: { before: null, after: true },
        },
      });
      expect(Date.parse(created.at)).toBeGreaterThan(Date.now() - 60_000);

      // The publisher's own key changes its URL and secret.
      const { entry: updated } = await oneEntry((headers) =>
        t.patch(
          `/api/postbacks/${rule.id}`,
          { url: 'https://trk.example/v2?subid={external_transaction_id}', signingSecret: second },
          { key: publisherKey, headers },
        ),
      );
      expect(updated).toMatchObject({
        actor: { type: 'api_key', id: String(keyId), label: 'pub tracker key' },
        action: 'updated',
        changes: {
          url: {
            before: 'https://trk.example/pb?subid={external_transaction_id}',
            after: 'https://trk.example/v2?subid={external_transaction_id}',
          },
          signingSecret: { before: REDACTED, after: REDACTED },
        },
      });
      expect(Object.keys(updated.changes).sort()).toEqual(['signingSecret', 'url']);

      // A person of that publisher, signed in, pauses and resumes it.
      const { user, browser } = await signedInUser(t, {
        role: 'publisher',
        publisherId: publisher.id,
      });
      const { entry: paused } = await oneEntry((headers) =>
        browser.patch(`/api/postbacks/${rule.id}`, { enabled: false }, { headers }),
      );
      expect(paused).toMatchObject({
        actor: { type: 'user', id: String(user.id), label: user.email },
        action: 'paused',
        changes: { enabled: { before: true, after: false } },
      });
      const { entry: resumed } = await oneEntry((headers) =>
        browser.patch(`/api/postbacks/${rule.id}`, { enabled: true }, { headers }),
      );
      expect(resumed).toMatchObject({
        action: 'resumed',
        changes: { enabled: { before: false, after: true } },
      });

      // A PATCH that changes nothing is no history.
      await noEntry((headers) =>
        t.patch(`/api/postbacks/${rule.id}`, { name: 'Audited' }, { headers }),
      );

      const { entry: deleted } = await oneEntry((headers) =>
        t.delete(`/api/postbacks/${rule.id}`, { headers }),
      );
      expect(deleted).toMatchObject({
        actor: ADMIN_KEY,
        action: 'deleted',
        changes: {
          name: { before: 'Audited', after: null },
          signingSecret: { before: REDACTED, after: null },
        },
      });

      // The rule's whole history, newest first; no secret anywhere in the table.
      const history = await t.get(`/api/audit-log?entityType=postback_rule&entityId=${rule.id}`);
      expect(history.body.items.map((e: any) => e.action)).toEqual([
        'deleted',
        'resumed',
        'paused',
        'updated',
        'created',
      ]);
      const table = await rawTable();
      expect(table).not.toContain(first);
      expect(table).not.toContain(second);
      expect(table).not.toContain(first.slice(6, 30));
    });

    it('writes nothing for a change that fails validation or is refused', async () => {
      const rule = await createRule(t, {
        type: 'click',
        publisherId: publisher.id,
        url: 'https://trk.example/c?id={external_transaction_id}',
      });
      const invalid = await noEntry((headers) =>
        t.patch(`/api/postbacks/${rule.id}`, { url: 'not a url {nope}' }, { headers }),
      );
      expect(invalid.status).toBe(400);
      const other = await createPublisher(t);
      const refused = await noEntry((headers) =>
        t.patch(
          `/api/postbacks/${rule.id}`,
          { publisherId: other.id },
          { key: publisherKey, headers },
        ),
      );
      expect(refused.status).toBe(403);
      const unknownOffer = await noEntry((headers) =>
        t.post(
          '/api/postbacks',
          {
            name: 'x',
            type: 'click',
            publisherId: publisher.id,
            offerIds: [999999],
            url: 'https://a.example/',
          },
          { headers },
        ),
      );
      expect(unknownOffer.status).toBe(400);
      expect((await t.get(`/api/postbacks/${rule.id}`)).body.url).toBe(
        'https://trk.example/c?id={external_transaction_id}',
      );
    });

    it('records the system as the actor of an auto-pause, and no entry for clicks and deliveries', async () => {
      receiver.script('/gone', { status: 410 });
      const rule = await clickRuleTo('/gone?c={transaction_id}');
      const before = await lastId();
      await createClick(t, { offerId: offer.id, publisherId: publisher.id });
      const entry = await eventually(async () => {
        const items = (await t.get(`/api/audit-log?entityType=postback_rule&entityId=${rule.id}`))
          .body.items;
        return items.find((e: any) => e.action === 'paused');
      });
      expect(entry).toMatchObject({
        actor: { type: 'system', id: null, label: 'auto-pause' },
        ip: null,
        requestId: null,
        publisherId: publisher.id,
        changes: {
          enabled: { before: true, after: false },
          pausedReason: { before: null, after: 'receiver answered 410 Gone' },
          pausedAt: { before: null, after: expect.any(String) },
        },
      });
      // The click and its delivery wrote nothing; the pause one entry.
      const written = await t.query('SELECT action FROM audit_log WHERE id > $1', [before]);
      expect(written).toEqual([{ action: 'paused' }]);

      const { entry: resumed } = await oneEntry((headers) =>
        t.patch(`/api/postbacks/${rule.id}`, { enabled: true }, { headers }),
      );
      expect(resumed).toMatchObject({
        action: 'resumed',
        changes: {
          enabled: { before: false, after: true },
          pausedReason: { before: 'receiver answered 410 Gone', after: null },
        },
      });
    });

    it('records a bulk retry with its filters and counts', async () => {
      receiver.script('/fails', { status: 404 });
      const rule = await clickRuleTo('/fails?c={transaction_id}');
      const click = await createClick(t, { offerId: offer.id, publisherId: publisher.id });
      await eventually(async () => {
        const items = (await t.get(`/api/postback-logs?postbackId=${rule.id}&state=failed`)).body
          .items;
        return items.length === 1;
      });
      const { res, entry } = await oneEntry((headers) =>
        t.post(
          '/api/postback-logs/retry',
          { postbackId: rule.id, transactionId: click.transactionId },
          { key: publisherKey, headers },
        ),
      );
      expect(res.body).toMatchObject({ matched: 1, queued: 1 });
      expect(entry).toMatchObject({
        actor: { type: 'api_key', id: String(keyId) },
        entityType: 'postback_log',
        entityId: String(rule.id),
        action: 'bulk_retry',
        publisherId: publisher.id,
        changes: {
          filters: {
            before: null,
            after: {
              postbackId: rule.id,
              transactionId: click.transactionId,
              includeDelivered: false,
            },
          },
          matched: { before: null, after: 1 },
          queued: { before: null, after: 1 },
        },
      });
    });
  });

  describe('catalog, rates, keys and users', () => {
    it('records advertisers, with the postback key redacted on creation and rotation', async () => {
      const { res, entry: created } = await oneEntry((headers) =>
        t.post('/api/advertisers', { name: 'Adv A' }, { headers }),
      );
      const advertiser = res.body;
      expect(created).toMatchObject({
        actor: ADMIN_KEY,
        entityType: 'advertiser',
        entityId: String(advertiser.id),
        action: 'created',
        publisherId: null,
        changes: {
          name: { before: null, after: 'Adv A' },
          status: { before: null, after: 'active' },
          postbackKey: { before: null, after: REDACTED },
        },
      });
      const { entry: updated } = await oneEntry((headers) =>
        t.patch(`/api/advertisers/${advertiser.id}`, { status: 'paused' }, { headers }),
      );
      expect(updated).toMatchObject({
        action: 'updated',
        changes: { status: { before: 'active', after: 'paused' } },
      });
      const { res: rotated, entry: rotation } = await oneEntry((headers) =>
        t.post(`/api/advertisers/${advertiser.id}/rotate-postback-key`, undefined, { headers }),
      );
      expect(rotation).toMatchObject({
        action: 'rotated_key',
        changes: { postbackKey: { before: REDACTED, after: REDACTED } },
      });
      const table = await rawTable();
      expect(table).not.toContain(advertiser.postbackKey);
      expect(table).not.toContain(rotated.body.postbackKey);
    });

    it('records offers and publishers, before and after', async () => {
      const advertiser = await createAdvertiser(t);
      const { res, entry: created } = await oneEntry((headers) =>
        t.post(
          '/api/offers',
          {
            name: 'Offer A',
            advertiserId: advertiser.id,
            url: 'https://adv.example/lp?c={transaction_id}',
            payout: '10.5',
            revenue: '12',
            currency: 'USD',
          },
          { headers },
        ),
      );
      expect(created).toMatchObject({
        entityType: 'offer',
        action: 'created',
        changes: {
          name: { before: null, after: 'Offer A' },
          advertiserId: { before: null, after: advertiser.id },
          payout: { before: null, after: res.body.payout },
        },
      });
      const { entry: updated } = await oneEntry((headers) =>
        t.patch(`/api/offers/${res.body.id}`, { payout: '11', name: 'Offer A' }, { headers }),
      );
      expect(updated.changes).toEqual({
        payout: { before: res.body.payout, after: expect.stringMatching(/^11\.0+$/) },
      });

      const { res: pub, entry: publisherCreated } = await oneEntry((headers) =>
        t.post('/api/publishers', { name: 'Pub A' }, { headers }),
      );
      expect(publisherCreated).toMatchObject({
        entityType: 'publisher',
        entityId: String(pub.body.id),
        publisherId: pub.body.id,
        changes: { name: { before: null, after: 'Pub A' } },
      });
      const { entry: blocked } = await oneEntry((headers) =>
        t.patch(`/api/publishers/${pub.body.id}`, { status: 'blocked' }, { headers }),
      );
      expect(blocked).toMatchObject({
        action: 'updated',
        changes: { status: { before: 'active', after: 'blocked' } },
      });
      const invalid = await noEntry((headers) =>
        t.patch(`/api/offers/${res.body.id}`, { advertiserId: 999999 }, { headers }),
      );
      expect(invalid.status).toBe(400);
    });

    it('records currency rates by code', async () => {
      const { entry: created } = await oneEntry((headers) =>
        t.call('PUT', '/api/currency-rates/eur', { body: { rate: '1.08' }, headers }),
      );
      expect(created).toMatchObject({
        entityType: 'currency_rate',
        entityId: 'EUR',
        action: 'created',
        changes: { rate: { before: null, after: '1.08' } },
      });
      const { entry: updated } = await oneEntry((headers) =>
        t.call('PUT', '/api/currency-rates/EUR', { body: { rate: '1.1' }, headers }),
      );
      expect(updated).toMatchObject({
        action: 'updated',
        changes: { rate: { before: '1.08', after: '1.1' } },
      });
    });

    it('records API keys without the key or its hash', async () => {
      const publisher = await createPublisher(t);
      const { res, entry: created } = await oneEntry((headers) =>
        t.post(
          '/api/api-keys',
          { name: 'partner', role: 'publisher', publisherId: publisher.id },
          { headers },
        ),
      );
      expect(created).toMatchObject({
        entityType: 'api_key',
        entityId: String(res.body.id),
        action: 'created',
        publisherId: publisher.id,
        changes: {
          name: { before: null, after: 'partner' },
          role: { before: null, after: 'publisher' },
          publisherId: { before: null, after: publisher.id },
          keyPrefix: { before: null, after: res.body.key.slice(0, 7) },
        },
      });
      const [{ key_hash: hash }] = await t.query('SELECT key_hash FROM api_keys WHERE id = $1', [
        res.body.id,
      ]);
      const { entry: revoked } = await oneEntry((headers) =>
        t.delete(`/api/api-keys/${res.body.id}`, { headers }),
      );
      expect(revoked).toMatchObject({
        action: 'revoked',
        changes: { revokedAt: { before: null, after: expect.any(String) } },
      });
      const table = await rawTable();
      expect(table).not.toContain(res.body.key);
      expect(table).not.toContain(hash);
      // The key revoked already: nothing happens, nothing is written.
      expect(
        (await noEntry((headers) => t.delete(`/api/api-keys/${res.body.id}`, { headers }))).status,
      ).toBe(404);
    });

    it('records users without their password or invite token', async () => {
      const password = 'correct horse battery staple';
      const { res, entry: created } = await oneEntry((headers) =>
        t.post(
          '/api/users',
          { email: 'ann@net.example', name: 'Ann', role: 'admin', password },
          { headers },
        ),
      );
      const id = res.body.id;
      expect(created).toMatchObject({
        entityType: 'user',
        entityId: String(id),
        action: 'created',
        changes: {
          email: { before: null, after: 'ann@net.example' },
          role: { before: null, after: 'admin' },
          password: { before: null, after: REDACTED },
        },
      });
      // The same email again: the unique index refuses it inside the transaction.
      const taken = await noEntry((headers) =>
        t.post(
          '/api/users',
          { email: 'ANN@net.example', name: 'Ann 2', role: 'admin', password },
          { headers },
        ),
      );
      expect(taken.status).toBe(409);

      const { entry: renamed } = await oneEntry((headers) =>
        t.patch(`/api/users/${id}`, { name: 'Ann B', password: `${password}!` }, { headers }),
      );
      expect(renamed).toMatchObject({
        action: 'updated',
        changes: {
          name: { before: 'Ann', after: 'Ann B' },
          password: { before: REDACTED, after: REDACTED },
        },
      });
      const { entry: disabled } = await oneEntry((headers) =>
        t.patch(`/api/users/${id}`, { disabled: true }, { headers }),
      );
      expect(disabled).toMatchObject({
        action: 'disabled',
        changes: { disabled: { before: false, after: true } },
      });
      await t.patch(`/api/users/${id}`, { disabled: false });
      const { res: invite, entry: invited } = await oneEntry((headers) =>
        t.post(`/api/users/${id}/invite`, undefined, { headers }),
      );
      expect(invited).toMatchObject({
        action: 'invite_reissued',
        changes: {
          inviteToken: { before: null, after: REDACTED },
          inviteExpiresAt: { before: null, after: invite.body.inviteExpiresAt },
        },
      });
      const token = invite.body.inviteUrl.split('/').pop();
      // Accepting it: the person is the actor, the invite its proof.
      const { entry: accepted } = await oneEntry((headers) =>
        t.post(
          `/auth/invites/${token}/accept`,
          { password: `${password}?` },
          { key: null, headers },
        ),
      );
      expect(accepted).toMatchObject({
        actor: { type: 'user', id: String(id), label: 'ann@net.example' },
        action: 'invite_accepted',
        changes: { password: { before: REDACTED, after: REDACTED } },
      });
      const { entry: deleted } = await oneEntry((headers) =>
        t.delete(`/api/users/${id}`, { headers }),
      );
      expect(deleted).toMatchObject({
        action: 'deleted',
        changes: { email: { before: 'ann@net.example', after: null } },
      });
      const table = await rawTable();
      expect(table).not.toContain(password);
      expect(table).not.toContain(token);
      expect(table).not.toContain('scrypt');
    });
    it('records portal links made and portal sessions ended, never the link itself', async () => {
      const publisher = await createPublisher(t);
      const { res: link, entry: made } = await oneEntry((headers) =>
        t.post(`/api/publishers/${publisher.id}/portal-link`, undefined, { headers }),
      );
      expect(made).toMatchObject({
        entityType: 'publisher',
        entityId: String(publisher.id),
        action: 'portal_link_created',
        actor: { type: 'bootstrap_key' },
        changes: { portalLinkExpiresAt: { before: null, after: link.body.expiresAt } },
      });
      const token = link.body.url.split('/').pop();
      const opened = await t.get(`/auth/portal/${token}`, { key: null });
      expect(opened.status).toBeLessThan(400);
      const { entry: ended } = await oneEntry((headers) =>
        t.delete(`/api/publishers/${publisher.id}/portal-sessions`, { headers }),
      );
      expect(ended).toMatchObject({
        entityType: 'publisher',
        entityId: String(publisher.id),
        action: 'portal_sessions_ended',
        changes: { portalSessions: { before: 1, after: 0 } },
      });
      const advertiser = await createAdvertiser(t);
      const { entry: none } = await oneEntry((headers) =>
        t.delete(`/api/advertisers/${advertiser.id}/portal-sessions`, { headers }),
      );
      expect(none).toMatchObject({
        entityType: 'advertiser',
        action: 'portal_sessions_ended',
        changes: { portalSessions: { before: 0, after: 0 } },
      });
      // An unknown partner changes nothing and writes nothing.
      const { res: missing, entries } = await change((headers) =>
        t.post('/api/publishers/999999/portal-link', undefined, { headers }),
      );
      expect(missing.status).toBe(404);
      expect(entries).toHaveLength(0);
      expect(await rawTable()).not.toContain(token);
    });
  });

  describe('the table', () => {
    it('takes a change and its entry together: an entry that cannot be written undoes the change', async () => {
      const offer = await createOffer(t, (await createAdvertiser(t)).id, { name: 'Before' });
      // A fault in the audit insert only (existing rows are not checked).
      await t.query(
        `ALTER TABLE audit_log ADD CONSTRAINT fault CHECK (entity_type <> 'offer') NOT VALID`,
      );
      try {
        const res = await noEntry((headers) =>
          t.patch(`/api/offers/${offer.id}`, { name: 'After' }, { headers }),
        );
        expect(res.status).toBe(500);
      } finally {
        await t.query('ALTER TABLE audit_log DROP CONSTRAINT fault');
      }
      expect((await t.get(`/api/offers/${offer.id}`)).body.name).toBe('Before');
    });

    it('refuses UPDATE, DELETE and TRUNCATE', async () => {
      await t.post('/api/publishers', { name: 'history' });
      const count = async () => (await t.query('SELECT count(*)::int AS n FROM audit_log'))[0].n;
      const before = await count();
      expect(before).toBeGreaterThan(0);
      await expect(t.query(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(
        /append-only: UPDATE refused/,
      );
      await expect(t.query('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE refused/);
      await expect(t.query('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
      expect(await count()).toBe(before);
      expect(await t.query(`SELECT id FROM audit_log WHERE action = 'forged'`)).toEqual([]);
    });
  });

  describe('GET /api/audit-log', () => {
    let mine: any;
    let theirs: any;
    let myKey: string;
    let theirKey: string;
    let since: string;

    beforeAll(async () => {
      since = new Date().toISOString();
      mine = await createPublisher(t, { name: 'Mine' });
      theirs = await createPublisher(t, { name: 'Theirs' });
      myKey = await createKey(t, { name: 'mine-key', role: 'publisher', publisherId: mine.id });
      theirKey = await createKey(t, {
        name: 'their-key',
        role: 'publisher',
        publisherId: theirs.id,
      });
      for (const [key, n] of [
        [myKey, 1],
        [myKey, 2],
        [myKey, 3],
        [theirKey, 4],
      ] as const) {
        await createRule(
          t,
          {
            name: `r${n}`,
            type: 'click',
            url: `https://trk.example/${n}?c={external_transaction_id}`,
          },
          key,
        );
      }
    });

    const ids = (res: ApiResponse) => res.body.items.map((e: any) => e.id);

    it('shows a publisher the entries about its own rules only; an advertiser none', async () => {
      const own = await t.get('/api/audit-log', { key: myKey });
      expect(own.status).toBe(200);
      expect(own.body.items).toHaveLength(3);
      expect(
        own.body.items.every(
          (e: any) => e.entityType === 'postback_rule' && e.publisherId === mine.id,
        ),
      ).toBe(true);
      expect(own.body.items.map((e: any) => e.changes.name.after)).toEqual(['r3', 'r2', 'r1']);
      // Asking for the other's rule by id finds nothing; nor do catalog entries about itself.
      const theirRule = (await t.get('/api/audit-log', { key: theirKey })).body.items[0];
      expect(theirRule.changes.name.after).toBe('r4');
      const probe = await t.get(
        `/api/audit-log?entityType=postback_rule&entityId=${theirRule.entityId}`,
        { key: myKey },
      );
      expect(probe.body.items).toEqual([]);
      const catalog = await t.get(`/api/audit-log?entityType=publisher&entityId=${mine.id}`, {
        key: myKey,
      });
      expect(catalog.body.items).toEqual([]);
      const advertiser = await createAdvertiser(t);
      const advertiserKey = await createKey(t, { role: 'advertiser', advertiserId: advertiser.id });
      const refused = await t.get('/api/audit-log', { key: advertiserKey });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('forbidden');
    });

    it('filters by entity, actor and time, newest first', async () => {
      const all = await t.get('/api/audit-log?limit=500');
      const times = all.body.items.map((e: any) => Number(e.id));
      expect(times).toEqual([...times].sort((a, b) => b - a));

      const byActor = await t.get('/api/audit-log?actor=mine-key');
      expect(byActor.body.items.map((e: any) => e.changes.name.after)).toEqual(['r3', 'r2', 'r1']);
      const keyId = byActor.body.items[0].actor.id;
      expect(ids(await t.get(`/api/audit-log?actor=api_key:${keyId}`))).toEqual(ids(byActor));
      expect(ids(await t.get('/api/audit-log?actor=MINE-KEY'))).toEqual(ids(byActor));
      const system = await t.get('/api/audit-log?actor=system');
      expect(system.body.items.length).toBeGreaterThan(0);
      expect(system.body.items.every((e: any) => e.actor.type === 'system')).toBe(true);

      const publishers = await t.get(`/api/audit-log?entityType=publisher&entityId=${mine.id}`);
      expect(publishers.body.items).toHaveLength(1);
      expect(publishers.body.items[0]).toMatchObject({
        action: 'created',
        entityId: String(mine.id),
      });

      const recent = await t.get(`/api/audit-log?from=${since}&limit=500`);
      expect(recent.body.items.length).toBeGreaterThanOrEqual(8);
      expect(recent.body.items.every((e: any) => e.at >= since)).toBe(true);
      const older = await t.get(`/api/audit-log?to=${since}&limit=500`);
      expect(older.body.items.length + recent.body.items.length).toBe(all.body.items.length);
    });

    it('pages with a cursor through every entry once', async () => {
      const all = ids(await t.get('/api/audit-log?limit=500'));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const page: ApiResponse = await t.get(`/api/audit-log?limit=3${query}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...ids(page));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    });

    it('refuses bad filters with the fields named', async () => {
      for (const [query, field] of [
        ['entityType=planet', 'entityType'],
        ['limit=0', 'limit'],
        ['from=yesterday', 'from'],
        ['cursor=nope', 'cursor'],
        ['bogus=1', 'bogus'],
      ]) {
        const res = await t.get(`/api/audit-log?${query}`);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.details.map((d: any) => d.field)).toContain(field);
      }
    });
  });
});
