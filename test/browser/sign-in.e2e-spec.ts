import { BrowserTest, createUser, openScreen, signIn, waitForValue } from '../helpers/browser';
import { createAdvertiser, createPublisher } from '../helpers/fixtures';

const ADMIN = { email: 'admin@network.example', password: 'admin-password-1' };

// People in the console: sign-in, sign-out, invites, portal links, CSRF (SPEC §11).
describe('Console: signing in (browser)', () => {
  let t: BrowserTest;
  let publisherId: number;

  beforeAll(async () => {
    t = await BrowserTest.start({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    publisherId = (await createPublisher(t.app, { name: 'Acme Media' })).id;
  });

  afterAll(() => t?.stop());

  it('sends a visitor without a session to sign-in, and back where they were after it', async () => {
    const page = await t.newPage();
    await page.goto('/app/rules?type=click');
    await page.waitForURL(/\/app\/sign-in\?next=/);

    // A wrong password and an unknown email get the very same words.
    for (const email of [ADMIN.email, 'nobody@network.example']) {
      await page.getByRole('textbox', { name: 'Email' }).fill(email);
      await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/auth/sign-in')),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      expect(answer.status()).toBe(401);
      await page.getByRole('alert').getByText('Email or password is incorrect.').waitFor();
    }

    await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/app\/rules\?type=click$/);
    await page.getByRole('heading', { name: 'Postback rules' }).waitFor();
    await page.getByText('network manager').waitFor();
  });

  it('signs out: the session is gone, a reload asks to sign in', async () => {
    const page = await t.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/app\/sign-in/);
    await page.goto('/app/rules');
    await page.waitForURL(/\/app\/sign-in/);
    const me = await page.request.get('/api/me');
    expect(me.status()).toBe(401);
  });

  it('accepts an invite: the person sees their email, sets a password twice and is signed in', async () => {
    const res = await t.app.post('/api/users', {
      email: 'invited@acme.example',
      name: 'Ivy Invited',
      role: 'publisher',
      publisherId,
    });
    expect(res.status).toBe(201);
    const invitePath = new URL(res.body.inviteUrl).pathname;

    const page = await t.newPage();
    await page.goto(invitePath);
    expect(await page.getByRole('textbox', { name: 'Email' }).inputValue()).toBe(
      'invited@acme.example',
    );
    await page.getByRole('textbox', { name: 'New password' }).fill('short');
    await page.getByRole('textbox', { name: 'Repeat the password' }).fill('different');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByText('Use at least 10 characters').waitFor();
    await page.getByText('The passwords differ').waitFor();

    await page.getByRole('textbox', { name: 'New password' }).fill('a-long-password');
    await page.getByRole('textbox', { name: 'Repeat the password' }).fill('a-long-password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('Ivy Invited').waitFor();

    // Used once: the link now says so, in words.
    const again = await t.newPage();
    await again.goto(invitePath);
    await again.getByText('This invitation has expired or was already used.').waitFor();
  });

  it('opens a portal link as the publisher, once; a used link explains itself on sign-in', async () => {
    const res = await t.app.post(`/api/publishers/${publisherId}/portal-link`);
    expect(res.status).toBe(201);
    const linkPath = new URL(res.body.url).pathname;

    const page = await t.newPage();
    await page.goto(linkPath);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('Acme Media').first().waitFor();

    const second = await t.newPage();
    await second.goto(linkPath);
    await second.waitForURL(/\/app\/sign-in\?error=portal_link_invalid/);
    await second.getByText('That sign-in link has expired or was already used.').waitFor();
  });

  it('shows an advertiser its S2S postback URL, and no rules', async () => {
    const advertiser = await createAdvertiser(t.app, { name: 'Shop' });
    const res = await t.app.post(`/api/advertisers/${advertiser.id}/portal-link`);
    expect(res.status).toBe(201);
    const page = await t.newPage();
    await page.goto(new URL(res.body.url).pathname);
    await page.getByRole('heading', { name: 'Postback URL' }).waitFor();
    await waitForValue(
      page.getByRole('textbox', { name: 'Postback URL', exact: true }),
      advertiser.postbackUrl,
    );
    expect(await page.getByRole('link', { name: /postback rules/i }).count()).toBe(0);
    await page.goto('/app/rules');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
  });

  it('retries a write once with the new CSRF token after the cookie was replaced by a new sign-in', async () => {
    const user = await createUser(t.app, {
      email: 'twice@acme.example',
      name: 'Tess Twice',
      role: 'publisher',
      publisherId,
    });
    const page = await t.newPage();
    await signIn(page, user.email, user.password);
    await openScreen(page, 'My postback rules');
    // The same person signs in again in another tab: a new cookie, so a new CSRF token.
    const again = await page.request.post('/auth/sign-in', {
      data: { email: user.email, password: user.password },
      headers: { origin: t.app.baseUrl },
    });
    expect(again.status()).toBe(200);
    const previews: Array<Promise<{ status: number; error?: string }>> = [];
    page.on('response', (response) => {
      if (!response.url().endsWith('/api/postbacks/preview')) return;
      previews.push(
        response.json().then((body) => ({ status: response.status(), error: body.error })),
      );
    });

    await page.getByRole('link', { name: 'New rule' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('After a second sign-in');
    await page.getByRole('textbox', { name: /^URL/ }).fill('https://trk.example/p?s={status}');
    await page
      .getByRole('region', { name: 'Live preview' })
      .getByText('https://trk.example/p?s=approved')
      .first()
      .waitFor();
    const [refused, ...rest] = await Promise.all(previews);
    expect(refused).toEqual({ status: 403, error: 'csrf_failed' });
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.map((preview) => preview.status)).toEqual(rest.map(() => 200));
  });

  it('shows nothing a signed-out person loaded to the next one who signs in', async () => {
    const first = await createUser(t.app, {
      email: 'first@acme.example',
      name: 'Fay First',
      role: 'publisher',
      publisherId,
    });
    const rule = await t.app.post('/api/postbacks', {
      name: 'Fay’s private rule',
      type: 'conversion',
      publisherId,
      url: 'https://trk.example/p?subid={external_transaction_id}',
    });
    expect(rule.status).toBe(201);
    const other = await createPublisher(t.app, { name: 'Other Media' });
    const second = await createUser(t.app, {
      email: 'second@other.example',
      name: 'Sam Second',
      role: 'publisher',
      publisherId: other.id,
    });
    const page = await t.newPage();
    await signIn(page, first.email, first.password);
    await openScreen(page, 'My postback rules');
    await page.getByRole('link', { name: 'Fay’s private rule' }).waitFor();

    // Fay's session is revoked; her next request (the editor's preview) answers 401 and the
    // console asks to sign in.
    expect((await t.app.patch(`/api/users/${first.id}`, { disabled: true })).status).toBe(200);
    await page.getByRole('link', { name: 'New rule' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Never saved');
    await page.getByRole('textbox', { name: /^URL/ }).fill('https://trk.example/p?s={status}');
    await page.waitForURL(/\/app\/sign-in/);
    await page.getByRole('textbox', { name: 'Email' }).fill(second.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(second.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // Sam's list is held back: whatever shows meanwhile comes from the cache.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname === '/api/postbacks',
      async (route) => {
        await held;
        await route.continue();
      },
    );
    const listed = page.waitForRequest(
      (request) => new URL(request.url()).pathname === '/api/postbacks',
    );
    await page.getByRole('link', { name: '← Postback rules' }).click();
    await listed;
    expect(await page.getByText('Fay’s private rule').count()).toBe(0);
    release();
    await page.getByText('Create one with New rule.').waitFor();
    expect(await page.getByText('Fay’s private rule').count()).toBe(0);
  });

  it('refuses a cookie-authenticated POST without the CSRF token (403), accepts it with', async () => {
    const user = await createUser(t.app, {
      email: 'csrf@acme.example',
      name: 'Carl',
      role: 'publisher',
      publisherId,
    });
    const page = await t.newPage();
    await signIn(page, user.email, user.password);
    const rule = {
      name: 'Via the API',
      type: 'conversion',
      url: 'https://trk.example/p?subid={external_transaction_id}',
    };
    const origin = { origin: t.app.baseUrl };

    const refused = await page.request.post('/api/postbacks', { data: rule, headers: origin });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error).toBe('csrf_failed');

    const me = await (await page.request.get('/api/me')).json();
    const accepted = await page.request.post('/api/postbacks', {
      data: rule,
      headers: { ...origin, 'x-csrf-token': me.csrfToken },
    });
    expect(accepted.status()).toBe(201);
    expect((await accepted.json()).publisherId).toBe(publisherId);
  });
});
