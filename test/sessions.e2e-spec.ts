import { createHash } from 'node:crypto';
import { createAdvertiser, createKey, createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { Browser, sessionCookieSet, signedInUser } from './helpers/session-fixtures';
import { TestApp } from './helpers/test-app';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const INVALID_CREDENTIALS = {
  statusCode: 401,
  error: 'invalid_credentials',
  message: 'Email or password is incorrect',
  details: [],
};

describe('Console sessions (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.stop());

  it('signs in with an httpOnly SameSite=Lax cookie whose token is stored only as a hash', async () => {
    const password = 'correct horse battery';
    const created = await t.post('/api/users', {
      email: 'Ann@Net.Example',
      name: 'Ann',
      role: 'admin',
      password,
    });
    expect(created.status).toBe(201);

    // Any case of the email signs in.
    const res = await t.post(
      '/auth/sign-in',
      { email: 'ann@net.example', password },
      { key: null },
    );
    expect(res.status).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^pm_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; /);
    expect(setCookie).toContain('; HttpOnly');
    expect(setCookie).toContain('; SameSite=Lax');
    expect(setCookie).not.toContain('Secure');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      userId: created.body.id,
      email: 'Ann@Net.Example',
      name: 'Ann',
      role: 'admin',
      publisherId: null,
      advertiserId: null,
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      via: 'session',
    });

    const token = sessionCookieSet(res)!;
    const rows = await t.query('SELECT id, user_id FROM sessions');
    expect(rows).toEqual([{ id: sha256(token), user_id: created.body.id }]);
    expect(JSON.stringify(rows)).not.toContain(token);
    const [user] = await t.query('SELECT last_sign_in_at FROM users WHERE id = $1', [
      created.body.id,
    ]);
    expect(user.last_sign_in_at).not.toBeNull();

    const browser = new Browser(t);
    browser.cookie = token;
    const me = await browser.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(res.body);
    expect((await browser.get('/api/publishers')).status).toBe(200);
  });

  it('sets Secure on the cookie when the request came over https', async () => {
    const { user, password } = await signedInUser(t);
    const res = await t.post(
      '/auth/sign-in',
      { email: user.email, password },
      { key: null, headers: { 'x-forwarded-proto': 'https' } },
    );
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure$/);
  });

  it('answers a wrong password, an unknown email and a disabled user alike', async () => {
    const { user, password } = await signedInUser(t, { role: 'admin' });
    const wrong = await t.post(
      '/auth/sign-in',
      { email: user.email, password: 'not the password' },
      { key: null },
    );
    const unknown = await t.post(
      '/auth/sign-in',
      { email: 'nobody@net.example', password: 'not the password' },
      { key: null },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(INVALID_CREDENTIALS);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(INVALID_CREDENTIALS);
    expect(sessionCookieSet(wrong)).toBeUndefined();

    expect((await t.patch(`/api/users/${user.id}`, { disabled: true })).status).toBe(200);
    const disabled = await t.post('/auth/sign-in', { email: user.email, password }, { key: null });
    expect(disabled.status).toBe(401);
    expect(disabled.body).toEqual(INVALID_CREDENTIALS);
  });

  it('refuses a sign-in form posted from another site', async () => {
    const { user, password } = await signedInUser(t);
    const res = await t.post(
      '/auth/sign-in',
      { email: user.email, password },
      { key: null, headers: { origin: 'https://evil.example' } },
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('origin_mismatch');
    expect(sessionCookieSet(res)).toBeUndefined();
  });

  it('requires the CSRF token and a same-origin Origin on cookie-authenticated writes', async () => {
    const { browser } = await signedInUser(t);
    const body = { name: 'Via cookie' };

    const noToken = await browser.post('/api/publishers', body, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.body).toMatchObject({ statusCode: 403, error: 'csrf_failed' });
    const wrongToken = await browser.post('/api/publishers', body, { csrf: 'x'.repeat(43) });
    expect(wrongToken.body.error).toBe('csrf_failed');

    const foreign = await browser.post('/api/publishers', body, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('origin_mismatch');
    const noOrigin = await browser.post('/api/publishers', body, { origin: null });
    expect(noOrigin.body.error).toBe('origin_mismatch');

    const total = async () => (await t.query('SELECT count(*)::int AS n FROM publishers'))[0].n;
    const before = await total();
    const ok = await browser.post('/api/publishers', body);
    expect(ok.status).toBe(201);
    expect(ok.body.name).toBe('Via cookie');
    expect(await total()).toBe(before + 1);
    // Reads need neither.
    expect((await browser.get('/api/publishers', { csrf: false, origin: null })).status).toBe(200);
  });

  it('lets an API key win over a cookie, with no CSRF check', async () => {
    const publisher = await createPublisher(t);
    const { browser } = await signedInUser(t, { role: 'publisher', publisherId: publisher.id });
    const asAdmin = await browser.post(
      '/api/publishers',
      { name: 'Key wins' },
      { csrf: false, origin: null, headers: { authorization: `Bearer ${t.adminKey}` } },
    );
    expect(asAdmin.status).toBe(201);
    const badKey = await browser.get('/api/publishers', {
      headers: { authorization: 'Bearer pm_not-a-real-key-at-all' },
    });
    expect(badKey.status).toBe(401);
    expect(badKey.body.message).toBe('API key is not valid');
  });

  it('signs out without a CSRF token; the cookie is then refused', async () => {
    const { browser } = await signedInUser(t);
    const cookie = browser.cookie;
    const out = await browser.post('/auth/sign-out', undefined, { csrf: false });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^pm_session=; Path=\/; Max-Age=0;/);
    expect(await t.query('SELECT 1 FROM sessions WHERE id = $1', [sha256(cookie!)])).toEqual([]);

    browser.cookie = cookie;
    const after = await browser.get('/api/me');
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({
      error: 'unauthorized',
      message: 'The session has ended; sign in again',
    });
    // The browser is told to forget the dead cookie.
    expect(sessionCookieSet(after)).toBe('');
    // Signing out twice, or with no cookie at all, is no error.
    expect((await new Browser(t).post('/auth/sign-out')).status).toBe(204);
  });

  it('scopes a publisher session exactly as a publisher key', async () => {
    const own = await createPublisher(t, { name: 'Own' });
    const other = await createPublisher(t, { name: 'Other' });
    const ownRule = await createRule(t, {
      type: 'conversion',
      publisherId: own.id,
      url: 'https://tracker.example/pb?c={external_transaction_id}',
    });
    const otherRule = await createRule(t, {
      type: 'conversion',
      publisherId: other.id,
      url: 'https://tracker.example/pb?c={external_transaction_id}',
    });
    const key = await createKey(t, { role: 'publisher', publisherId: own.id });
    const { browser } = await signedInUser(t, { role: 'publisher', publisherId: own.id });

    expect((await browser.get(`/api/postbacks/${ownRule.id}`)).status).toBe(200);
    const viaSession = await browser.get(`/api/postbacks/${otherRule.id}`);
    const viaKey = await t.get(`/api/postbacks/${otherRule.id}`, { key });
    expect(viaKey.status).toBe(404);
    expect(viaSession.status).toBe(404);
    expect(viaSession.body).toEqual(viaKey.body);
    const list = await browser.get('/api/postbacks');
    expect(list.body.items.map((r: any) => r.id)).toEqual([ownRule.id]);

    for (const [method, path] of [
      ['GET', '/api/users'],
      ['GET', '/api/api-keys'],
      ['GET', '/api/advertisers'],
      ['POST', '/api/publishers'],
      ['POST', `/api/publishers/${own.id}/portal-link`],
    ]) {
      const res = await browser.call(method, path, { body: method === 'POST' ? {} : undefined });
      expect([method, path, res.status, res.body.error]).toEqual([method, path, 403, 'forbidden']);
    }
    expect((await browser.get('/api/me')).body).toMatchObject({
      role: 'publisher',
      publisherId: own.id,
      via: 'session',
    });
  });

  it('ends the sessions of a user the moment it is disabled or deleted', async () => {
    const disabled = await signedInUser(t);
    expect((await disabled.browser.get('/api/me')).status).toBe(200);
    expect((await t.patch(`/api/users/${disabled.user.id}`, { disabled: true })).status).toBe(200);
    expect((await disabled.browser.get('/api/me')).status).toBe(401);
    expect(await t.query('SELECT 1 FROM sessions WHERE user_id = $1', [disabled.user.id])).toEqual(
      [],
    );

    const deleted = await signedInUser(t);
    expect((await t.delete(`/api/users/${deleted.user.id}`)).status).toBe(204);
    expect((await deleted.browser.get('/api/me')).status).toBe(401);
  });

  it('slides the expiry at most once a minute, and refuses an expired session', async () => {
    const { browser } = await signedInUser(t);
    const id = sha256(browser.cookie!);
    const row = async () =>
      (await t.query('SELECT last_seen_at, expires_at FROM sessions WHERE id = $1', [id]))[0];

    // Within the minute: no write, no new cookie.
    const fresh = await row();
    const quiet = await browser.get('/api/me');
    expect(sessionCookieSet(quiet)).toBeUndefined();
    expect(await row()).toEqual(fresh);

    // Seen two minutes ago, an hour left: the next request gives it 12 hours again.
    await t.query(
      `UPDATE sessions SET last_seen_at = now() - interval '2 minutes',
              expires_at = now() + interval '1 hour' WHERE id = $1`,
      [id],
    );
    const touched = await browser.get('/api/me');
    expect(touched.status).toBe(200);
    expect(String(touched.headers['set-cookie'])).toMatch(/Max-Age=43200/);
    const slid = await row();
    const hoursLeft = (new Date(slid.expires_at).getTime() - Date.now()) / 3600_000;
    expect(hoursLeft).toBeGreaterThan(11.9);
    expect(hoursLeft).toBeLessThanOrEqual(12);

    await t.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      id,
    ]);
    expect((await browser.get('/api/me')).status).toBe(401);
  });

  it('answers a missing console asset 404 in the error shape, never the page', async () => {
    const res = await t.get('/app/assets/missing-0123abcd.js', { key: null });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'not_found', details: [] });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers /api/me for an API key, and 401 without credentials', async () => {
    const publisher = await createPublisher(t);
    const created = await t.post('/api/api-keys', {
      name: 'Reporting script',
      role: 'publisher',
      publisherId: publisher.id,
    });
    const me = await t.get('/api/me', { key: created.body.key });
    expect(me.body).toEqual({
      userId: null,
      email: null,
      name: 'Reporting script',
      role: 'publisher',
      publisherId: publisher.id,
      advertiserId: null,
      csrfToken: null,
      via: 'api_key',
    });
    expect((await t.get('/api/me')).body).toMatchObject({ name: 'ADMIN_API_KEY', role: 'admin' });
    expect((await t.get('/api/me', { key: null })).status).toBe(401);
  });
});

describe('Portal links (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.stop());

  const tokenOf = (url: string) => url.split('/auth/portal/')[1];

  it('opens a session scoped to the publisher once, then redirects to the error', async () => {
    const publisher = await createPublisher(t, { name: 'Partner Pub' });
    const other = await createPublisher(t, { name: 'Someone else' });
    const link = await t.post(`/api/publishers/${publisher.id}/portal-link`);
    expect(link.status).toBe(201);
    // No PUBLIC_BASE_URL set: the link starts with the origin the admin's request used.
    expect(link.body.url).toMatch(new RegExp(`^${t.baseUrl}/auth/portal/[A-Za-z0-9_-]{43}$`));
    const minutesLeft = (new Date(link.body.expiresAt).getTime() - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(14);
    expect(minutesLeft).toBeLessThanOrEqual(15);
    const token = tokenOf(link.body.url);
    const [stored] = await t.query('SELECT token_hash FROM portal_links');
    expect(stored.token_hash).toBe(sha256(token));

    const browser = new Browser(t);
    const opened = await browser.get(`/auth/portal/${token}`);
    expect(opened.status).toBe(302);
    expect(opened.headers.location).toBe('/app/');
    expect(opened.headers['referrer-policy']).toBe('no-referrer');
    expect(String(opened.headers['set-cookie'])).toContain('; HttpOnly; SameSite=Lax');

    const me = await browser.get('/api/me');
    expect(me.body).toEqual({
      userId: null,
      email: null,
      name: 'Partner Pub',
      role: 'publisher',
      publisherId: publisher.id,
      advertiserId: null,
      csrfToken: expect.any(String),
      via: 'portal',
    });
    expect((await browser.get(`/api/publishers/${publisher.id}`)).status).toBe(200);
    expect([403, 404]).toContain((await browser.get(`/api/publishers/${other.id}`)).status);
    const rule = await browser.post('/api/postbacks', {
      name: 'From the portal',
      type: 'conversion',
      url: 'https://tracker.example/pb?c={external_transaction_id}',
    });
    expect(rule.status).toBe(201);
    expect(rule.body.publisherId).toBe(publisher.id);

    const again = await new Browser(t).get(`/auth/portal/${token}`);
    expect(again.status).toBe(302);
    expect(again.headers.location).toBe('/app/sign-in?error=portal_link_invalid');
    expect(sessionCookieSet(again)).toBeUndefined();
  });

  it('opens an advertiser portal, and refuses expired and unknown links', async () => {
    const advertiser = await createAdvertiser(t, { name: 'Partner Adv' });
    const link = await t.post(`/api/advertisers/${advertiser.id}/portal-link`);
    const browser = new Browser(t);
    expect((await browser.get(`/auth/portal/${tokenOf(link.body.url)}`)).status).toBe(302);
    expect((await browser.get('/api/me')).body).toMatchObject({
      name: 'Partner Adv',
      role: 'advertiser',
      advertiserId: advertiser.id,
      via: 'portal',
    });
    expect((await browser.get(`/api/advertisers/${advertiser.id}`)).status).toBe(200);

    const expiring = await t.post(`/api/advertisers/${advertiser.id}/portal-link`);
    await t.query(
      `UPDATE portal_links SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [sha256(tokenOf(expiring.body.url))],
    );
    for (const token of [tokenOf(expiring.body.url), 'made-up-token']) {
      const res = await new Browser(t).get(`/auth/portal/${token}`);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/app/sign-in?error=portal_link_invalid');
    }
  });

  it('is for admins, and for partners that exist', async () => {
    const publisher = await createPublisher(t);
    const key = await createKey(t, { role: 'publisher', publisherId: publisher.id });
    expect((await t.post(`/api/publishers/${publisher.id}/portal-link`, {}, { key })).status).toBe(
      403,
    );
    const missing = await t.post('/api/advertisers/999999/portal-link');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not_found');
  });

  const portalOf = async (partner: 'publishers' | 'advertisers', id: number) => {
    const link = await t.post(`/api/${partner}/${id}/portal-link`);
    const browser = new Browser(t);
    expect((await browser.get(`/auth/portal/${tokenOf(link.body.url)}`)).headers.location).toBe(
      '/app/',
    );
    expect((await browser.get('/api/me')).status).toBe(200);
    return browser;
  };

  it('slides a portal session no further than 12 hours after it opened', async () => {
    const publisher = await createPublisher(t);
    const browser = await portalOf('publishers', publisher.id);
    const id = sha256(browser.cookie!);
    // Opened almost 12 hours ago and seen two minutes ago: the slide stops at the 12 hours.
    await t.query(
      `UPDATE sessions SET created_at = now() - interval '11 hours 59 minutes',
              last_seen_at = now() - interval '2 minutes' WHERE id = $1`,
      [id],
    );
    expect((await browser.get('/api/me')).status).toBe(200);
    const [row] = await t.query(
      `SELECT expires_at <= created_at + interval '12 hours' AS capped,
              expires_at > now() AS live FROM sessions WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ capped: true, live: true });

    // Past the 12 hours, the touch that would slide it ends it instead.
    await t.query(
      `UPDATE sessions SET created_at = now() - interval '12 hours 1 second',
              last_seen_at = now() - interval '2 minutes' WHERE id = $1`,
      [id],
    );
    expect((await browser.get('/api/me')).status).toBe(200);
    expect((await browser.get('/api/me')).status).toBe(401);
  });

  it('ends a publisher’s portal sessions when it is blocked, an advertiser’s when paused', async () => {
    const publisher = await createPublisher(t);
    const advertiser = await createAdvertiser(t);
    const { user, browser: person } = await signedInUser(t, {
      role: 'publisher',
      publisherId: publisher.id,
    });
    const portals = [
      await portalOf('publishers', publisher.id),
      await portalOf('publishers', publisher.id),
    ];
    const unused = await t.post(`/api/publishers/${publisher.id}/portal-link`);
    const renamed = await t.patch(`/api/publishers/${publisher.id}`, { name: 'Renamed' });
    expect(renamed.status).toBe(200);
    for (const portal of portals) expect((await portal.get('/api/me')).status).toBe(200);

    expect((await t.patch(`/api/publishers/${publisher.id}`, { status: 'blocked' })).status).toBe(
      200,
    );
    for (const portal of portals) expect((await portal.get('/api/me')).status).toBe(401);
    expect(
      await t.query('SELECT 1 FROM sessions WHERE publisher_id = $1 AND user_id IS NULL', [
        publisher.id,
      ]),
    ).toEqual([]);
    // A link handed out before the block opens nothing after it.
    const late = await new Browser(t).get(`/auth/portal/${tokenOf(unused.body.url)}`);
    expect(late.headers.location).toBe('/app/sign-in?error=portal_link_invalid');
    // A person's session is the users API's to end, not this.
    expect((await person.get('/api/me')).body.userId).toBe(user.id);

    const advertiserPortal = await portalOf('advertisers', advertiser.id);
    expect((await t.patch(`/api/advertisers/${advertiser.id}`, { status: 'paused' })).status).toBe(
      200,
    );
    expect((await advertiserPortal.get('/api/me')).status).toBe(401);
  });

  it('ends a partner’s portal sessions on an admin’s DELETE', async () => {
    const publisher = await createPublisher(t);
    const advertiser = await createAdvertiser(t);
    const otherPublisher = await createPublisher(t);
    const publisherPortal = await portalOf('publishers', publisher.id);
    const otherPortal = await portalOf('publishers', otherPublisher.id);
    const advertiserPortal = await portalOf('advertisers', advertiser.id);

    const ended = await t.delete(`/api/publishers/${publisher.id}/portal-sessions`);
    expect(ended.status).toBe(204);
    expect(ended.text).toBe('');
    expect((await publisherPortal.get('/api/me')).status).toBe(401);
    expect((await otherPortal.get('/api/me')).status).toBe(200);
    expect((await advertiserPortal.get('/api/me')).status).toBe(200);
    expect((await t.delete(`/api/advertisers/${advertiser.id}/portal-sessions`)).status).toBe(204);
    expect((await advertiserPortal.get('/api/me')).status).toBe(401);

    const missing = await t.delete('/api/publishers/999999/portal-sessions');
    expect([missing.status, missing.body.error]).toEqual([404, 'not_found']);
    const key = await createKey(t, { role: 'publisher', publisherId: otherPublisher.id });
    const refused = await t.delete(`/api/publishers/${otherPublisher.id}/portal-sessions`, { key });
    expect(refused.status).toBe(403);
    expect((await otherPortal.get('/api/me')).status).toBe(200);
  });

  it('uses PUBLIC_BASE_URL for the link when it is set', async () => {
    const other = await TestApp.start({ PUBLIC_BASE_URL: 'https://console.net.example/pm' });
    try {
      const publisher = await createPublisher(other);
      const link = await other.post(`/api/publishers/${publisher.id}/portal-link`);
      expect(link.body.url).toMatch(/^https:\/\/console\.net\.example\/pm\/auth\/portal\/\S{43}$/);
    } finally {
      await other.stop();
    }
  });
});

describe('Sign-in throttling (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start({ TRUST_PROXY: 'true' })));
  afterAll(() => t.stop());

  const attempt = (email: string, password: string, ip: string) =>
    t.post('/auth/sign-in', { email, password }, { key: null, headers: { 'x-forwarded-for': ip } });

  it('stops an email after 5 failures, from any address, even with the right password', async () => {
    const { user, password } = await signedInUser(t);
    for (let i = 0; i < 5; i++) {
      expect((await attempt(user.email, 'wrong password', `10.1.0.${i}`)).status).toBe(401);
    }
    const limited = await attempt(user.email, password, '10.1.1.1');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(sessionCookieSet(limited)).toBeUndefined();
    // Other emails are not held back.
    const { user: other, password: otherPassword } = await signedInUser(t);
    expect((await attempt(other.email, otherPassword, '10.1.1.1')).status).toBe(200);
  });

  it('stops an address after 20 failures; a success in between does not clear them', async () => {
    const ip = '10.2.0.1';
    const { user, password } = await signedInUser(t);
    for (let i = 0; i < 19; i++) {
      expect((await attempt(`guess${i}@net.example`, 'wrong password', ip)).status).toBe(401);
    }
    expect((await attempt(user.email, password, ip)).status).toBe(200);
    expect((await attempt('guess19@net.example', 'wrong password', ip)).status).toBe(401);
    const limited = await attempt(user.email, password, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(user.email, password, '10.2.0.2')).status).toBe(200);
  });

  it('counts made-up invite tokens against the address: a flood gets 429', async () => {
    const ip = '10.3.0.1';
    const accept = (token: string, from: string) =>
      t.post(
        `/auth/invites/${token}/accept`,
        { password: 'a long enough password' },
        { key: null, headers: { 'x-forwarded-for': from } },
      );
    for (let i = 0; i < 20; i++) expect((await accept(`made-up-${i}`, ip)).status).toBe(404);
    const limited = await accept('made-up-20', ip);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const { user, password } = await signedInUser(t);
    expect((await attempt(user.email, password, ip)).status).toBe(429);
    expect((await accept('made-up-21', '10.3.0.2')).status).toBe(404);
  });
});

describe('Session rate limit (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start({ API_RATE_LIMIT_PER_MINUTE: '5' })));
  afterAll(() => t.stop());

  it('gives each signed-in user a request budget of its own', async () => {
    const first = await signedInUser(t);
    const second = await signedInUser(t);
    for (let i = 0; i < 5; i++) expect((await first.browser.get('/api/me')).status).toBe(200);
    const limited = await first.browser.get('/api/me');
    expect(limited.status).toBe(429);
    expect(limited.body.message).toBe('Too many requests for this session; retry later');
    expect((await second.browser.get('/api/me')).status).toBe(200);
  });
});
