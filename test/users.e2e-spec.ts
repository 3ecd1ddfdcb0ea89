import { createHash } from 'node:crypto';
import { createHttpApp } from '../src/http-app';
import * as passwordHash from '../src/users/password-hash';
import { createAdvertiser, createKey, createPublisher } from './helpers/fixtures';
import { Browser, sessionCookieSet, signedInUser } from './helpers/session-fixtures';
import { TestApp } from './helpers/test-app';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const PASSWORD = 'a long enough password';

describe('Users API (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.stop());

  it('creates a user with a password, shows it without secrets, lists, reads and renames it', async () => {
    const publisher = await createPublisher(t);
    const created = await t.post('/api/users', {
      email: ' Pat@Pub.Example ',
      name: 'Pat',
      role: 'publisher',
      publisherId: publisher.id,
      password: PASSWORD,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      email: 'Pat@Pub.Example',
      name: 'Pat',
      role: 'publisher',
      publisherId: publisher.id,
      advertiserId: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      lastSignInAt: null,
      disabled: false,
    });
    const [row] = await t.query('SELECT password_hash FROM users WHERE id = $1', [created.body.id]);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(PASSWORD);

    const list = await t.get('/api/users');
    expect(list.body).toEqual({ items: [created.body], nextCursor: null });
    expect((await t.get('/api/users?role=admin')).body.items).toEqual([]);
    expect((await t.get(`/api/users/${created.body.id}`)).body).toEqual(created.body);
    const renamed = await t.patch(`/api/users/${created.body.id}`, { name: 'Patricia' });
    expect(renamed.body).toEqual({ ...created.body, name: 'Patricia' });

    await new Browser(t).signIn('pat@pub.example', PASSWORD);
    expect((await t.get(`/api/users/${created.body.id}`)).body.lastSignInAt).not.toBeNull();
  });

  it('keeps emails unique whatever their case', async () => {
    const body = { email: 'dup@net.example', name: 'One', role: 'admin', password: PASSWORD };
    expect((await t.post('/api/users', body)).status).toBe(201);
    const again = await t.post('/api/users', { ...body, email: 'DUP@net.example' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('email_taken');
  });

  it('refuses bad input and bindings that do not fit the role, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ role: 'publisher' }, 'publisherId'],
      [{ role: 'admin', publisherId: 1 }, 'publisherId'],
      [{ role: 'advertiser', advertiserId: 999999 }, 'advertiserId'],
      [{ role: 'admin', password: 'short' }, 'password'],
      [{ role: 'admin', email: 'not an email' }, 'email'],
      [{ role: 'owner' }, 'role'],
    ];
    for (const [fields, field] of cases) {
      const res = await t.post('/api/users', { email: 'x@net.example', name: 'X', ...fields });
      expect([fields, res.status, res.body.error]).toEqual([fields, 400, 'validation_failed']);
      expect(res.body.details.map((d: any) => d.field)).toContain(field);
    }
    expect((await t.get('/api/users/0')).status).toBe(400);
    expect((await t.get('/api/users/999999')).status).toBe(404);
    expect((await t.patch('/api/users/999999', { name: 'x' })).status).toBe(404);
    expect((await t.delete('/api/users/999999')).status).toBe(404);
  });

  it('is for admins only', async () => {
    const publisher = await createPublisher(t);
    const key = await createKey(t, { role: 'publisher', publisherId: publisher.id });
    expect((await t.get('/api/users', { key })).status).toBe(403);
    expect((await t.post('/api/users', {}, { key })).status).toBe(403);
    expect((await t.get('/api/users', { key: null })).status).toBe(401);
  });

  it('invites a user created without a password; the invite works once', async () => {
    const created = await t.post('/api/users', {
      email: 'new@net.example',
      name: 'New Person',
      role: 'admin',
    });
    expect(created.status).toBe(201);
    const { inviteUrl, inviteExpiresAt } = created.body;
    expect(inviteUrl).toMatch(new RegExp(`^${t.baseUrl}/app/invite/[A-Za-z0-9_-]{43}$`));
    const daysLeft = (new Date(inviteExpiresAt).getTime() - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(6.99);
    expect(daysLeft).toBeLessThanOrEqual(7);
    const token = inviteUrl.split('/app/invite/')[1];
    const [row] = await t.query('SELECT invite_token_hash FROM users WHERE id = $1', [
      created.body.id,
    ]);
    expect(row.invite_token_hash).toBe(sha256(token));
    // No password yet: nothing signs in.
    const early = await t.post(
      '/auth/sign-in',
      { email: 'new@net.example', password: PASSWORD },
      { key: null },
    );
    expect(early.status).toBe(401);

    const invite = await t.get(`/auth/invites/${token}`, { key: null });
    expect(invite.status).toBe(200);
    expect(invite.body).toEqual({ email: 'new@net.example', name: 'New Person' });

    const browser = new Browser(t);
    const short = await browser.post(`/auth/invites/${token}/accept`, { password: 'too short' });
    expect(short.status).toBe(400);
    expect(short.body.error).toBe('validation_failed');
    expect(short.body.details.map((d: any) => d.field)).toEqual(['password']);

    const accepted = await browser.post(`/auth/invites/${token}/accept`, { password: PASSWORD });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      userId: created.body.id,
      email: 'new@net.example',
      role: 'admin',
      via: 'session',
    });
    expect(sessionCookieSet(accepted)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await browser.get('/api/me')).body.userId).toBe(created.body.id);
    expect((await browser.post('/api/publishers', { name: 'By the invitee' })).status).toBe(201);

    for (const res of [
      await t.get(`/auth/invites/${token}`, { key: null }),
      await new Browser(t).post(`/auth/invites/${token}/accept`, { password: 'another password' }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('invite_invalid');
    }
    await new Browser(t).signIn('new@net.example', PASSWORD);
  });

  it('checks an invite token before hashing the password: a made-up token costs no scrypt', async () => {
    const created = await t.post('/api/users', {
      email: 'hashed-later@net.example',
      name: 'Later',
      role: 'admin',
    });
    const token = created.body.inviteUrl.split('/app/invite/')[1];
    const hashing = jest.spyOn(passwordHash, 'hashPassword');
    try {
      const bogus = await new Browser(t).post('/auth/invites/made-up-token/accept', {
        password: PASSWORD,
      });
      expect(bogus.status).toBe(404);
      expect(hashing).not.toHaveBeenCalled();
      const accepted = await new Browser(t).post(`/auth/invites/${token}/accept`, {
        password: PASSWORD,
      });
      expect(accepted.status).toBe(200);
      expect(hashing).toHaveBeenCalledTimes(1);
    } finally {
      hashing.mockRestore();
    }
  });

  it('closes an open invite when an admin sets the password', async () => {
    const created = await t.post('/api/users', {
      email: 'set-by-admin@net.example',
      name: 'Set',
      role: 'admin',
    });
    const token = created.body.inviteUrl.split('/app/invite/')[1];
    const set = await t.patch(`/api/users/${created.body.id}`, { password: PASSWORD });
    expect(set.status).toBe(200);
    expect((await t.get(`/auth/invites/${token}`, { key: null })).status).toBe(404);
    const late = await new Browser(t).post(`/auth/invites/${token}/accept`, {
      password: 'an attacker password',
    });
    expect(late.status).toBe(404);
    expect(late.body.error).toBe('invite_invalid');
    await new Browser(t).signIn('set-by-admin@net.example', PASSWORD);
  });

  it('replaces an invite with a fresh one, and refuses an expired one', async () => {
    const created = await t.post('/api/users', {
      email: 'later@net.example',
      name: 'Later',
      role: 'admin',
    });
    const first = created.body.inviteUrl.split('/app/invite/')[1];
    const fresh = await t.post(`/api/users/${created.body.id}/invite`);
    expect(fresh.status).toBe(201);
    expect(fresh.body).toEqual({
      inviteUrl: expect.stringMatching(/\/app\/invite\/[A-Za-z0-9_-]{43}$/),
      inviteExpiresAt: expect.any(String),
    });
    const second = fresh.body.inviteUrl.split('/app/invite/')[1];
    expect((await t.get(`/auth/invites/${first}`, { key: null })).status).toBe(404);
    expect((await t.get(`/auth/invites/${second}`, { key: null })).status).toBe(200);

    await t.query(
      `UPDATE users SET invite_expires_at = now() - interval '1 second' WHERE id = $1`,
      [created.body.id],
    );
    const expired = await new Browser(t).post(`/auth/invites/${second}/accept`, {
      password: PASSWORD,
    });
    expect(expired.status).toBe(404);
    expect(expired.body.error).toBe('invite_invalid');
    expect((await t.get('/auth/invites/made-up-token', { key: null })).status).toBe(404);

    // A disabled user gets no invite.
    await t.patch(`/api/users/${created.body.id}`, { disabled: true });
    const refused = await t.post(`/api/users/${created.body.id}/invite`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('user_disabled');
  });

  it('ends sessions when a user changes role or password, but keeps the caller’s own', async () => {
    const advertiser = await createAdvertiser(t);
    const target = await signedInUser(t, { role: 'admin' });
    const moved = await t.patch(`/api/users/${target.user.id}`, {
      role: 'advertiser',
      advertiserId: advertiser.id,
    });
    expect(moved.body).toMatchObject({
      role: 'advertiser',
      advertiserId: advertiser.id,
      publisherId: null,
    });
    expect((await target.browser.get('/api/me')).status).toBe(401);
    await target.browser.signIn(target.user.email, target.password);
    expect((await target.browser.get('/api/me')).body.role).toBe('advertiser');

    // An admin changes its own password: its other browser is signed out, this one stays.
    const admin = await signedInUser(t, { role: 'admin' });
    const elsewhere = new Browser(t);
    await elsewhere.signIn(admin.user.email, admin.password);
    const changed = await admin.browser.patch(`/api/users/${admin.user.id}`, {
      password: 'a brand new password',
    });
    expect(changed.status).toBe(200);
    expect((await admin.browser.get('/api/me')).status).toBe(200);
    expect((await elsewhere.get('/api/me')).status).toBe(401);
    await new Browser(t).signIn(admin.user.email, 'a brand new password');
  });

  it('does not let an admin lock itself out', async () => {
    const admin = await signedInUser(t, { role: 'admin' });
    const publisher = await createPublisher(t);
    for (const change of [{ disabled: true }, { role: 'publisher', publisherId: publisher.id }]) {
      const res = await admin.browser.patch(`/api/users/${admin.user.id}`, change);
      expect([change, res.status, res.body.error]).toEqual([change, 409, 'own_user']);
    }
    const removal = await admin.browser.delete(`/api/users/${admin.user.id}`);
    expect(removal.status).toBe(409);
    expect((await admin.browser.get('/api/me')).status).toBe(200);
  });
});

describe('The first admin from ADMIN_EMAIL and ADMIN_PASSWORD (e2e)', () => {
  const env = { ADMIN_EMAIL: 'Boss@Net.Example', ADMIN_PASSWORD: 'first admin password' };

  it('is created at start, once, and never overwritten', async () => {
    const t = await TestApp.start(env);
    try {
      const me = await new Browser(t).signIn('boss@net.example', env.ADMIN_PASSWORD);
      expect(me.body).toMatchObject({ email: 'Boss@Net.Example', role: 'admin', via: 'session' });

      // A restart with another password (and the email in another case) changes nothing.
      const again = await createHttpApp({
        ...t.config,
        ADMIN_EMAIL: 'boss@net.example',
        ADMIN_PASSWORD: 'a different password',
      });
      await again.init();
      await again.close();
      const users = await t.query('SELECT email FROM users');
      expect(users).toEqual([{ email: 'Boss@Net.Example' }]);
      await new Browser(t).signIn('boss@net.example', env.ADMIN_PASSWORD);
      const refused = await t.post(
        '/auth/sign-in',
        { email: 'boss@net.example', password: 'a different password' },
        { key: null },
      );
      expect(refused.status).toBe(401);
    } finally {
      await t.stop();
    }
  });

  it('is left to the API processes: a worker creates no user', async () => {
    const t = await TestApp.start({ ...env, ROLE: 'worker' });
    try {
      expect(await t.query('SELECT 1 FROM users')).toEqual([]);
      // The same env in an API process, on the same database, does create it.
      const api = await createHttpApp({ ...t.config, ROLE: 'api' });
      await api.init();
      await api.close();
      expect(await t.query('SELECT email, role FROM users')).toEqual([
        { email: env.ADMIN_EMAIL, role: 'admin' },
      ]);
    } finally {
      await t.stop();
    }
  });
});
